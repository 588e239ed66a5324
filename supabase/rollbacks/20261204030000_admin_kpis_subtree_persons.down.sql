-- Rollback of 20261204030000_admin_kpis_subtree_persons.sql
drop function if exists public.get_admin_kpis(uuid, uuid, text);
drop function if exists app.admin_kpis(uuid, uuid, text);
-- app.admin_kpi_inputs back to its body from 20261123001300_admin_kpi_rpcs.sql
create or replace function app.admin_kpi_inputs(p_root_org_id uuid)
  returns table (active_users bigint, total_users bigint, total_activities bigint,
                 pending_reimbursements bigint, total_reimbursements bigint,
                 orgs_with_recent_activity bigint, orgs_with_mentors bigint)
  language plpgsql
  stable
  security definer
  set search_path = ''
as $$
declare
  c_recent_months constant int := 3;
  v_since date := (date_trunc('month', current_date::timestamp) - make_interval(months => c_recent_months - 1))::date;
begin
  if p_root_org_id is null then
    raise exception 'p_root_org_id is required' using errcode = '22004';
  end if;
  if not app.caller_bypasses_rls() and not (p_root_org_id = any (app.admin_org_ids())) then
    raise exception 'not allowed to read KPIs of organisation %', p_root_org_id using errcode = '42501';
  end if;
  -- The subtree is joined from organisation_closure (hash joins), never passed as an array: a filter
  -- `org_id = any(<1,500 ids>)` on a scan costs O(array) per row (measured: 80M comparisons nationally).
  -- persons counted once: a semi-join (hash of memberships in the subtree, probed by users) is
  -- ~2.5x faster than DISTINCT over the memberships (measured 31-37 ms vs 76-94 ms at NHF size)
  select count(*) filter (where u.status = 'active'), count(*)
    into active_users, total_users
    from public.users u
   where exists (select 1
                   from public.org_memberships m
                   join public.organisation_closure c on c.descendant_id = m.org_id
                  where c.ancestor_id = p_root_org_id and m.user_id = u.id);

  select coalesce(sum(s.activity_count + s.proxy_activity_count), 0)::bigint
    into total_activities
    from public.org_monthly_activity_counts s
    join public.organisation_closure c on c.descendant_id = s.org_id
   where c.ancestor_id = p_root_org_id;

  select count(*) filter (where r.status = 'pending'), count(*)
    into pending_reimbursements, total_reimbursements
    from public.reimbursements r
    join public.organisation_closure c on c.descendant_id = r.org_id
   where c.ancestor_id = p_root_org_id;

  select count(*) filter (where exists (
           select 1 from public.org_monthly_activity_counts s
            where s.org_id = mo.org_id
              and s.activity_month >= v_since
              and s.activity_month <= current_date
              and s.activity_count + s.proxy_activity_count > 0)),
         count(*)
    into orgs_with_recent_activity, orgs_with_mentors
    from (select distinct m.org_id
            from public.org_memberships m
            join public.organisation_closure c on c.descendant_id = m.org_id
           where c.ancestor_id = p_root_org_id and m.role = 'peer_mentor') mo;
  return next;
end
$$;
drop function if exists app.admin_kpi_counts(uuid, boolean, boolean, boolean, boolean);
drop trigger if exists org_monthly_activity_counts_kpi_totals_insert on public.org_monthly_activity_counts;
drop trigger if exists org_monthly_activity_counts_kpi_totals_update on public.org_monthly_activity_counts;
drop trigger if exists org_monthly_activity_counts_kpi_totals_delete on public.org_monthly_activity_counts;
drop trigger if exists reimbursements_kpi_totals_insert on public.reimbursements;
drop trigger if exists reimbursements_kpi_totals_update on public.reimbursements;
drop trigger if exists reimbursements_kpi_totals_delete on public.reimbursements;
drop function if exists app.org_kpi_totals_on_change();
drop function if exists app.refresh_org_kpi_totals();
drop function if exists app.add_org_kpi_deltas(uuid[], bigint[], bigint[], bigint[]);
drop table if exists app.org_kpi_totals;
drop trigger if exists users_subtree_persons_status on public.users;
drop trigger if exists organisation_closure_subtree_persons_insert on public.organisation_closure;
drop trigger if exists organisation_closure_subtree_persons_delete on public.organisation_closure;
drop trigger if exists org_memberships_subtree_persons_insert on public.org_memberships;
drop trigger if exists org_memberships_subtree_persons_update on public.org_memberships;
drop trigger if exists org_memberships_subtree_persons_delete on public.org_memberships;
drop function if exists app.subtree_persons_on_user_status();
drop function if exists app.subtree_persons_on_change();
drop function if exists app.refresh_subtree_persons(uuid[]);
drop function if exists app.add_subtree_person_deltas(uuid[], int[], int[]);
drop table if exists app.subtree_person_counts;
drop table if exists app.subtree_persons;
