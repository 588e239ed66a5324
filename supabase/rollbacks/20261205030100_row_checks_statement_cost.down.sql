-- Rollback of 20261205030100_row_checks_statement_cost.sql: app.row_left_to_rls as 20261123000300
-- defined it (scope computed on every call) and the per-row audit trigger of 20261123000600.

create or replace function app.row_left_to_rls(p_org_id uuid)
  returns boolean
  language sql stable
  set search_path = ''
as $$
  select not app.caller_bypasses_rls() and not (p_org_id = any (app.visible_org_ids()))
$$;
comment on function app.row_left_to_rls(uuid) is
  'True when a row of p_org_id lies outside everything the caller may see: same-org triggers skip '
  'it so that RLS refuses it without revealing memberships of another organisation.';
revoke execute on function app.row_left_to_rls(uuid) from public, anon, authenticated;

drop trigger if exists proxy_activities_write_audit_insert on public.proxy_activities;
drop trigger if exists proxy_activities_write_audit_update on public.proxy_activities;
drop trigger if exists proxy_activities_write_audit_delete on public.proxy_activities;
drop function if exists app.proxy_activities_write_audit_rows();
create or replace function app.proxy_activities_write_audit()
  returns trigger
  language plpgsql security definer
  set search_path = ''
as $$
declare
  v_row public.proxy_activities;
begin
  v_row := case when tg_op = 'DELETE' then old else new end;
  insert into public.proxy_audit_log (proxy_activity_id, org_id, action, actor_id, actor_role,
                                      coordinator_id, attributed_mentor_id, row_data)
  values (v_row.id, v_row.org_id, lower(tg_op), (select auth.uid()),
          coalesce((select auth.role()), current_user::text),
          v_row.coordinator_id, v_row.attributed_mentor_id, to_jsonb(v_row));
  return null;
end
$$;

create or replace trigger proxy_activities_write_audit
  after insert or update or delete on public.proxy_activities
  for each row execute function app.proxy_activities_write_audit();
