-- Rollback of 20261204040200_inactive_users_write_nothing.sql
do $$
declare
  v_table text;
begin
  foreach v_table in array array['organisations', 'users', 'org_memberships', 'activity_types', 'activities',
                                 'recurring_activity_templates', 'proxy_activities', 'reimbursements',
                                 'peer_mentor_certifications'] loop
    execute pg_catalog.format('drop trigger if exists %I on public.%I', v_table || '_refuse_inactive_caller', v_table);
  end loop;
end
$$;
drop function if exists app.refuse_write_by_inactive_caller();

-- the helper as 20261123000300 created it
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
     and u.status <> 'suspended'
$$;
comment on function app.org_ids_with_role(text[]) is
  'Orgs where the caller holds one of the roles (no subtree expansion). Empty for anon/suspended.';
