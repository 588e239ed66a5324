-- 20261123001300_admin_kpi_rpcs.sql
-- Why (card 003): the admin dashboard shows four KPIs for the admin's subtree, in one round trip
-- (get_admin_kpi_stats) or one at a time (get_org_health_score; the counts alone are plain HEAD
-- count=exact requests on the tables). At NHF scale counting raw activities under RLS costs 0.28 s and
-- grows with history, so total_activities_count is summed from org_monthly_activity_counts (exact,
-- trigger-maintained, O(orgs x months)).
--
-- Health score (a double in [0, 1]; 0 for a subtree without users):
--   score = W_ACTIVE_USERS    * active_user_ratio
--         + W_RECENT_ACTIVITY * recent_activity_ratio
--         + W_REIMBURSEMENTS  * (1 - pending_reimbursement_ratio),   clamped to [0, 1]
--   W_ACTIVE_USERS = 0.4, W_RECENT_ACTIVITY = 0.4, W_REIMBURSEMENTS = 0.2, RECENT_MONTHS = 3
--   active_user_ratio            = distinct persons with a membership in the subtree and status active
--                                  / distinct persons with a membership in the subtree
--   recent_activity_ratio        = organisations of the subtree with at least one peer_mentor membership
--                                  that have >= 1 activity or proxy activity in the last RECENT_MONTHS
--                                  calendar months (the current month and the two before, ~90 days)
--                                  / organisations of the subtree with at least one peer_mentor
--                                  membership (0 when there are none)
--   pending_reimbursement_ratio  = pending reimbursements / all reimbursements of the subtree
--                                  (0 when there are none)
-- Only aggregate numbers leave the database (no PII). The current date is the database's current_date.
--
-- Scope and security: p_root_org_id must be inside the caller's org_admin scope (app.admin_org_ids(),
-- i.e. an org where it is org_admin or a descendant), else 42501; service_role may ask for any org.
-- The public functions are SECURITY INVOKER. The counting helper app.admin_kpi_inputs is SECURITY
-- DEFINER (in the non-exposed schema app): after the scope check above, every row of the subtree is one
-- the caller's RLS would show anyway (an org admin sees all memberships, users, reimbursements and
-- summary rows of its subtree), so the result is identical, but it avoids evaluating the per-row policy
-- filters (users_select has an EXISTS per row) over 50,000 people: measured on small() under load,
-- 96-140 ms -> see docs/database.md.
-- Errors: 22004 null argument, 42501 not allowed.
-- Idempotent.

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
comment on function app.admin_kpi_inputs(uuid) is
  'Counts behind get_admin_kpi_stats / get_org_health_score for the subtree of p_root_org_id.';
revoke execute on function app.admin_kpi_inputs(uuid) from public, anon;
grant execute on function app.admin_kpi_inputs(uuid) to authenticated, service_role;

create or replace function app.health_score(
  p_active_users bigint, p_total_users bigint,
  p_orgs_with_recent_activity bigint, p_orgs_with_mentors bigint,
  p_pending_reimbursements bigint, p_total_reimbursements bigint)
  returns double precision
  language plpgsql
  immutable
  set search_path = ''
as $$
declare
  c_w_active_users    constant double precision := 0.4;
  c_w_recent_activity constant double precision := 0.4;
  c_w_reimbursements  constant double precision := 0.2;
  v_active_ratio  double precision;
  v_recent_ratio  double precision;
  v_pending_ratio double precision;
begin
  if coalesce(p_total_users, 0) = 0 then
    return 0.0;
  end if;
  v_active_ratio := p_active_users::double precision / p_total_users;
  v_recent_ratio := case when coalesce(p_orgs_with_mentors, 0) = 0 then 0.0
                         else p_orgs_with_recent_activity::double precision / p_orgs_with_mentors end;
  v_pending_ratio := case when coalesce(p_total_reimbursements, 0) = 0 then 0.0
                          else p_pending_reimbursements::double precision / p_total_reimbursements end;
  return greatest(0.0, least(1.0,
           c_w_active_users * v_active_ratio
         + c_w_recent_activity * v_recent_ratio
         + c_w_reimbursements * (1.0 - v_pending_ratio)));
end
$$;
comment on function app.health_score(bigint, bigint, bigint, bigint, bigint, bigint) is
  'score = 0.4 * active_user_ratio + 0.4 * recent_activity_ratio + 0.2 * (1 - pending_reimbursement_ratio), '
  'clamped to [0,1]; 0 without users. See migration 20261123001300.';

create or replace function public.get_org_health_score(p_root_org_id uuid)
  returns double precision
  language sql
  stable
  security invoker
  set search_path = ''
as $$
  select app.health_score(k.active_users, k.total_users, k.orgs_with_recent_activity, k.orgs_with_mentors,
                          k.pending_reimbursements, k.total_reimbursements)
    from app.admin_kpi_inputs(p_root_org_id) k
$$;
comment on function public.get_org_health_score(uuid) is
  'Card 003 health score of the subtree of p_root_org_id, 0..1; formula in migration 20261123001300.';

create or replace function public.get_admin_kpi_stats(p_root_org_id uuid)
  returns json
  language sql
  stable
  security invoker
  set search_path = ''
as $$
  select json_build_object(
           'organisation_id', p_root_org_id,
           'active_user_count', k.active_users,
           'total_activities_count', k.total_activities,
           'pending_reimbursements_count', k.pending_reimbursements,
           'org_health_score', app.health_score(k.active_users, k.total_users,
                                                k.orgs_with_recent_activity, k.orgs_with_mentors,
                                                k.pending_reimbursements, k.total_reimbursements))
    from app.admin_kpi_inputs(p_root_org_id) k
$$;
comment on function public.get_admin_kpi_stats(uuid) is
  'Card 003: the four admin KPIs of the subtree of p_root_org_id in one call: active_user_count, '
  'total_activities_count (direct + proxy, from org_monthly_activity_counts), '
  'pending_reimbursements_count, org_health_score.';

revoke execute on function public.get_org_health_score(uuid) from public, anon;
grant execute on function public.get_org_health_score(uuid) to authenticated, service_role;
revoke execute on function public.get_admin_kpi_stats(uuid) from public, anon;
grant execute on function public.get_admin_kpi_stats(uuid) to authenticated, service_role;
