-- Rollback of 20261205020000_request_scope_pre_request.sql
do $$
begin
  if exists (select from pg_catalog.pg_roles where rolname = 'authenticator') then
    begin
      alter role authenticator reset pgrst.db_pre_request;
      notify pgrst, 'reload config';
    exception when insufficient_privilege then
      raise warning 'cannot reset pgrst.db_pre_request on authenticator (%)', sqlerrm;
    end;
  end if;
end
$$;

drop trigger if exists org_memberships_clear_request_scope on public.org_memberships;
drop trigger if exists organisation_closure_clear_request_scope on public.organisation_closure;
drop trigger if exists users_clear_request_scope on public.users;
drop function if exists app.clear_request_scope_on_write();

-- the helpers as 20261204040200 (org_ids_with_role) and 20261123000300 (the others) left them;
-- (create or replace may change the language back: the signatures are unchanged)
create or replace function app.org_ids_with_role(p_roles text[])
  returns uuid[]
  language sql stable security definer
  set search_path = ''
as $$
  select coalesce(array_agg(distinct m.org_id), '{}')
    from public.org_memberships m
    join public.users u on u.id = m.user_id
   where m.user_id = (select auth.uid())
     and m.role = any (p_roles)
     and u.status = 'active'
$$;
comment on function app.org_ids_with_role(text[]) is
  'Orgs where the caller holds one of the roles (no subtree expansion). Empty for anon and for '
  'inactive or suspended people.';

create or replace function app.admin_org_ids()
  returns uuid[]
  language sql stable security definer
  set search_path = ''
as $$
  select coalesce(array_agg(distinct c.descendant_id), '{}')
    from public.organisation_closure c
   where c.ancestor_id = any (app.org_ids_with_role(array['org_admin']))
$$;
comment on function app.admin_org_ids() is 'Closure subtree of every org where the caller is org_admin.';

create or replace function app.staff_org_ids()
  returns uuid[]
  language sql stable security definer
  set search_path = ''
as $$
  select coalesce(array_agg(distinct x), '{}')
    from unnest(app.coordinator_org_ids() || app.admin_org_ids()) as x
$$;
comment on function app.staff_org_ids() is
  'Coordinator orgs + admin subtrees: the orgs whose activity, proxy, reimbursement and certification '
  'rows the caller may see.';

create or replace function app.visible_org_ids()
  returns uuid[]
  language sql stable security definer
  set search_path = ''
as $$
  select coalesce(array_agg(distinct x), '{}')
    from unnest(app.org_ids_with_role(array['peer_mentor', 'coordinator', 'org_admin'])
                || app.admin_org_ids()) as x
$$;
comment on function app.visible_org_ids() is 'Member orgs + admin subtrees: organisation rows the caller may see.';

create or replace function app.lineage_org_ids()
  returns uuid[]
  language sql stable security definer
  set search_path = ''
as $$
  select coalesce(array_agg(distinct c.ancestor_id), '{}')
    from public.organisation_closure c
   where c.descendant_id = any (app.visible_org_ids())
$$;
comment on function app.lineage_org_ids() is
  'Visible orgs and all their ancestors (activity types defined at a region or national level).';

drop function if exists app.pre_request();
drop function if exists app.clear_request_scope();
drop function if exists app.request_scope_set(text);
drop table if exists app.request_scope_key;
