-- Rollback of 20261123000300_users_memberships_access.sql
-- Policies of the tables created earlier (20261123000200) first, and users_select before
-- org_memberships (the policy reads it).
drop policy if exists organisation_closure_select on public.organisation_closure;
drop policy if exists organisations_delete on public.organisations;
drop policy if exists organisations_update on public.organisations;
drop policy if exists organisations_insert on public.organisations;
drop policy if exists organisations_select on public.organisations;
-- restore Supabase's default table grants changed above
grant update on public.organisations to anon, authenticated;
revoke update (name) on public.organisations from authenticated;
grant insert, update, delete, truncate on public.organisation_closure to anon, authenticated;
drop policy if exists users_select on public.users;
drop table if exists public.org_memberships;
drop table if exists public.users;
drop function if exists app.row_left_to_rls(uuid);
drop function if exists app.caller_bypasses_rls();
drop function if exists app.user_holds_role(uuid, uuid, text);
drop function if exists app.get_user_organisation_id();
drop function if exists app.is_org_member(uuid, text[]);
drop function if exists app.lineage_org_ids();
drop function if exists app.visible_org_ids();
drop function if exists app.staff_org_ids();
drop function if exists app.coordinator_org_ids();
drop function if exists app.admin_org_ids();
drop function if exists app.org_ids_with_role(text[]);
