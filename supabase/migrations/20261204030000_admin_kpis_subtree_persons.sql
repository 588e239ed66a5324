-- 20261204030000_admin_kpis_subtree_persons.sql
-- Why (card 003): the SDK's admin dashboard refreshes one KPI card at a time, may narrow the view to a
-- descendant organisation, and must answer the national root within 50 ms at NHF size (1,526
-- organisations, 50,000 users). get_admin_kpi_stats computed all four KPIs for any call and measured
-- 56 ms nationally; most of it (31-37 ms) was counting distinct persons: 51k memberships joined with
-- the closure, hashed and semi-joined with 50k users on every call. A person with memberships in two
-- chapters counts once, so per-organisation counts cannot be summed.
--
-- 1. app.subtree_persons (ancestor_id, user_id, active): one row per organisation and person with at
--    least one membership in that organisation's subtree, with the person's status, and
--    app.subtree_person_counts (org_id, persons, active_persons), its per-organisation totals. "Distinct
--    persons in the subtree of X" is then one primary-key lookup (counting X's 49k rows nationally still
--    cost a parallel scan of the 252k-row table). Kept exact by statement-level triggers (one
--    statement per write statement):
--      - org_memberships insert/update/delete and organisation_closure insert/delete (new organisation,
--        re-parenting): the affected persons' rows are recomputed from scratch from the current
--        memberships and closure (so cascades and statement order cannot leave them stale);
--      - users status update: the flag and the active totals follow.
--    Totals change only by deltas (persons added minus removed, per organisation) applied with
--    `persons = persons + delta` under the row lock, so concurrent writes cannot lose an update.
--    A foreign key with ON DELETE CASCADE to organisations: deleting an organisation removes its rows,
--    and TRUNCATE public.organisations ... CASCADE (the test harness' reset) empties both tables. There
--    is deliberately no foreign key to users: a deleted person's rows must go through the membership
--    trigger (whose deltas fix the totals), not be removed behind its back by a cascade. Not exposed
--    (schema app, no grants); only the SECURITY DEFINER functions below read or write it.
--    app.refresh_subtree_persons(null) rebuilds both (the backfill here, the scale generator's bulk load
--    which runs with triggers off).
-- 2. app.org_kpi_totals (org_id, activities, pending_reimbursements, reimbursements): per-organisation
--    totals, additive, so a subtree's are the sum over its closure rows (1,526 nationally) instead of
--    joining 50,400 summary rows and 97,000 reimbursements (measured 2-3x the person count's cost under
--    load). Kept by statement-level triggers on org_monthly_activity_counts (itself trigger-kept) and on
--    reimbursements, by deltas with the same update-then-insert as the person totals;
--    app.refresh_org_kpi_totals() rebuilds it (backfill, scale generator).
-- 3. app.admin_kpi_counts(scope, ...): the counting behind every KPI function, computing only the
--    parts asked for. app.admin_kpi_inputs (20261123001300, behind get_admin_kpi_stats and
--    get_org_health_score) is replaced to use it, so there is one implementation and the old RPCs
--    get the faster person count too; the scope check, signature and results are unchanged.
-- 4. public.get_admin_kpis(p_root_org_id, p_scope_org_id default null, p_kpi default 'all') -> json:
--    what the SDK calls. p_root_org_id must be in the caller's org_admin scope (42501 otherwise) and
--    p_scope_org_id, when given, in the subtree of p_root_org_id (42501 otherwise: a descendant of
--    another root is refused even if the caller happens to administer it too). p_kpi is one of
--    'active_user_count', 'total_activities_count', 'pending_reimbursements_count',
--    'org_health_score' or 'all' (22023 otherwise); the answer holds organisation_id and the KPIs
--    asked for. SECURITY INVOKER; the counting is SECURITY DEFINER in app (see 20261123001300 for why
--    the result equals what the admin's RLS would count).
-- The health score formula and its weights stay in app.health_score (20261123001300):
--   score = W_ACTIVE_USERS (0.4) * active_user_ratio + W_RECENT_ACTIVITY (0.4) * recent_activity_ratio
--         + W_REIMBURSEMENTS (0.2) * (1 - pending_reimbursement_ratio), clamped to [0, 1].
-- Errors: 22004 null root, 22023 unknown p_kpi, 42501 not allowed.
-- Idempotent.

create table if not exists app.subtree_persons (
  ancestor_id uuid    not null,
  user_id     uuid    not null,
  active      boolean not null,
  constraint subtree_persons_pkey primary key (ancestor_id, user_id) include (active),
  constraint subtree_persons_ancestor_id_fkey foreign key (ancestor_id)
    references public.organisations (id) on delete cascade
);
comment on table app.subtree_persons is
  'One row per organisation and person with a membership in its subtree (active = users.status is active); '
  'exact, trigger-maintained; the distinct-person count of the admin KPIs. Migration 20261204030000.';
create index if not exists subtree_persons_user_id_idx on app.subtree_persons (user_id);
revoke all on app.subtree_persons from public, anon, authenticated;

create table if not exists app.subtree_person_counts (
  org_id         uuid   not null,
  persons        bigint not null,
  active_persons bigint not null,
  constraint subtree_person_counts_pkey primary key (org_id),
  constraint subtree_person_counts_org_id_fkey foreign key (org_id)
    references public.organisations (id) on delete cascade,
  constraint subtree_person_counts_check check (active_persons between 0 and persons)
);
comment on table app.subtree_person_counts is
  'Per organisation: distinct persons with a membership in its subtree, and how many are active; the sums '
  'of app.subtree_persons, kept by deltas. Migration 20261204030000.';
revoke all on app.subtree_person_counts from public, anon, authenticated;

-- Adds per-organisation deltas (parallel arrays, one element per changed row) to the totals. Existing
-- rows are updated first and only the rest inserted: an upsert alone would fail on a negative delta,
-- because the CHECK is evaluated on the proposed row before the conflict is detected.
create or replace function app.add_subtree_person_deltas(p_orgs uuid[], p_persons int[], p_active int[])
  returns void
  language sql
  volatile
  security definer
  set search_path = ''
as $$
  with d as (
    select x.org_id, sum(x.persons) as persons, sum(x.active) as active
      from unnest(p_orgs, p_persons, p_active) as x(org_id, persons, active)
     group by x.org_id
    having sum(x.persons) <> 0 or sum(x.active) <> 0),
  updated as (
    update app.subtree_person_counts t
       set persons = t.persons + d.persons,
           active_persons = t.active_persons + d.active
      from d
     where t.org_id = d.org_id
    returning t.org_id)
  insert into app.subtree_person_counts as t (org_id, persons, active_persons)
  select d.org_id, d.persons, d.active
    from d
   where d.org_id not in (select u.org_id from updated u)
     and exists (select 1 from public.organisations o where o.id = d.org_id) -- not one being deleted
  on conflict (org_id) do update
     set persons = t.persons + excluded.persons,
         active_persons = t.active_persons + excluded.active_persons
$$;
revoke execute on function app.add_subtree_person_deltas(uuid[], int[], int[]) from public, anon, authenticated;

-- Recomputes the rows of the given persons (null: all persons) from the current memberships and
-- closure, and applies the difference to the totals.
create or replace function app.refresh_subtree_persons(p_user_ids uuid[])
  returns void
  language plpgsql
  volatile
  security definer
  set search_path = ''
as $$
declare
  v_orgs uuid[];
  v_persons int[];
  v_active int[];
  v_added_orgs uuid[];
  v_added_persons int[];
  v_added_active int[];
begin
  if p_user_ids is null then
    delete from app.subtree_person_counts;
    delete from app.subtree_persons;
  else
    with removed as (
      delete from app.subtree_persons p where p.user_id = any (p_user_ids) returning p.ancestor_id, p.active)
    select array_agg(r.ancestor_id), array_agg(-1), array_agg(case when r.active then -1 else 0 end)
      into v_orgs, v_persons, v_active from removed r;
  end if;
  with added as (
    insert into app.subtree_persons (ancestor_id, user_id, active)
    select distinct c.ancestor_id, m.user_id, u.status = 'active'
      from public.org_memberships m
      join public.organisation_closure c on c.descendant_id = m.org_id
      join public.users u on u.id = m.user_id
     where p_user_ids is null or m.user_id = any (p_user_ids)
    returning ancestor_id, active)
  select array_agg(x.ancestor_id), array_agg(1), array_agg(case when x.active then 1 else 0 end)
    into v_added_orgs, v_added_persons, v_added_active from added x;
  -- one upsert for both, so a person who stays in an organisation's subtree nets out to no write
  perform app.add_subtree_person_deltas(coalesce(v_orgs, '{}') || coalesce(v_added_orgs, '{}'),
                                        coalesce(v_persons, '{}') || coalesce(v_added_persons, '{}'),
                                        coalesce(v_active, '{}') || coalesce(v_added_active, '{}'));
end
$$;
comment on function app.refresh_subtree_persons(uuid[]) is
  'Recomputes app.subtree_persons for the given persons, or entirely for null.';
revoke execute on function app.refresh_subtree_persons(uuid[]) from public, anon, authenticated;

-- One trigger function for both tables: the persons whose rows may change are those of the
-- memberships written (org_memberships) or those with a membership in an organisation whose ancestors
-- changed (organisation_closure).
create or replace function app.subtree_persons_on_change()
  returns trigger
  language plpgsql
  security definer
  set search_path = ''
as $$
declare
  v_new uuid[];
  v_old uuid[];
  v_users uuid[];
begin
  if tg_table_name = 'org_memberships' then
    if tg_op in ('INSERT', 'UPDATE') then
      select array_agg(n.user_id) into v_new from new_rows n;
    end if;
    if tg_op in ('DELETE', 'UPDATE') then
      select array_agg(o.user_id) into v_old from old_rows o;
    end if;
  elsif tg_op = 'INSERT' then
    select array_agg(m.user_id) into v_new
      from public.org_memberships m where m.org_id in (select n.descendant_id from new_rows n);
  else
    select array_agg(m.user_id) into v_old
      from public.org_memberships m where m.org_id in (select o.descendant_id from old_rows o);
  end if;
  v_users := array(select distinct u from unnest(coalesce(v_new, '{}') || coalesce(v_old, '{}')) u);
  if cardinality(v_users) > 0 then
    perform app.refresh_subtree_persons(v_users);
  end if;
  return null;
end
$$;
revoke execute on function app.subtree_persons_on_change() from public, anon, authenticated;

create or replace trigger org_memberships_subtree_persons_insert
  after insert on public.org_memberships
  referencing new table as new_rows
  for each statement execute function app.subtree_persons_on_change();
create or replace trigger org_memberships_subtree_persons_update
  after update on public.org_memberships
  referencing old table as old_rows new table as new_rows
  for each statement execute function app.subtree_persons_on_change();
create or replace trigger org_memberships_subtree_persons_delete
  after delete on public.org_memberships
  referencing old table as old_rows
  for each statement execute function app.subtree_persons_on_change();

create or replace trigger organisation_closure_subtree_persons_insert
  after insert on public.organisation_closure
  referencing new table as new_rows
  for each statement execute function app.subtree_persons_on_change();
create or replace trigger organisation_closure_subtree_persons_delete
  after delete on public.organisation_closure
  referencing old table as old_rows
  for each statement execute function app.subtree_persons_on_change();

create or replace function app.subtree_persons_on_user_status()
  returns trigger
  language plpgsql
  security definer
  set search_path = ''
as $$
declare
  v_orgs uuid[];
  v_delta int[];
begin
  with changed as (
    update app.subtree_persons p
       set active = (n.status = 'active')
      from new_rows n
      join old_rows o on o.id = n.id
     where p.user_id = n.id
       and (o.status = 'active') <> (n.status = 'active')
    returning p.ancestor_id, p.active)
  select array_agg(c.ancestor_id), array_agg(case when c.active then 1 else -1 end)
    into v_orgs, v_delta from changed c;
  if v_orgs is not null then
    perform app.add_subtree_person_deltas(v_orgs, array(select 0 from unnest(v_orgs)), v_delta);
  end if;
  return null;
end
$$;
revoke execute on function app.subtree_persons_on_user_status() from public, anon, authenticated;

create or replace trigger users_subtree_persons_status
  after update on public.users
  referencing old table as old_rows new table as new_rows
  for each statement execute function app.subtree_persons_on_user_status();

-- backfill (a project that already has data)
select app.refresh_subtree_persons(null);

create table if not exists app.org_kpi_totals (
  org_id                 uuid   not null,
  activities             bigint not null default 0,
  pending_reimbursements bigint not null default 0,
  reimbursements         bigint not null default 0,
  constraint org_kpi_totals_pkey primary key (org_id),
  constraint org_kpi_totals_org_id_fkey foreign key (org_id)
    references public.organisations (id) on delete cascade,
  constraint org_kpi_totals_check check (activities >= 0 and pending_reimbursements between 0 and reimbursements)
);
comment on table app.org_kpi_totals is
  'Per organisation (not subtree): activities + proxy activities, pending and all reimbursements; exact, '
  'trigger-maintained by deltas. Migration 20261204030000.';
revoke all on app.org_kpi_totals from public, anon, authenticated;

-- Adds per-organisation deltas (parallel arrays) to app.org_kpi_totals; update first, then insert the
-- rest (see app.add_subtree_person_deltas for why not one upsert).
create or replace function app.add_org_kpi_deltas(p_orgs uuid[], p_activities bigint[], p_pending bigint[],
                                                  p_reimbursements bigint[])
  returns void
  language sql
  volatile
  security definer
  set search_path = ''
as $$
  with d as (
    select x.org_id, sum(x.a) as a, sum(x.p) as p, sum(x.r) as r
      from unnest(p_orgs, p_activities, p_pending, p_reimbursements) as x(org_id, a, p, r)
     group by x.org_id
    having sum(x.a) <> 0 or sum(x.p) <> 0 or sum(x.r) <> 0),
  updated as (
    update app.org_kpi_totals t
       set activities = t.activities + d.a,
           pending_reimbursements = t.pending_reimbursements + d.p,
           reimbursements = t.reimbursements + d.r
      from d
     where t.org_id = d.org_id
    returning t.org_id)
  insert into app.org_kpi_totals as t (org_id, activities, pending_reimbursements, reimbursements)
  select d.org_id, d.a, d.p, d.r
    from d
   where d.org_id not in (select u.org_id from updated u)
     and exists (select 1 from public.organisations o where o.id = d.org_id) -- not one being deleted
  on conflict (org_id) do update
     set activities = t.activities + excluded.activities,
         pending_reimbursements = t.pending_reimbursements + excluded.pending_reimbursements,
         reimbursements = t.reimbursements + excluded.reimbursements
$$;
revoke execute on function app.add_org_kpi_deltas(uuid[], bigint[], bigint[], bigint[]) from public, anon, authenticated;

create or replace function app.refresh_org_kpi_totals()
  returns void
  language sql
  volatile
  security definer
  set search_path = ''
as $$
  delete from app.org_kpi_totals;
  insert into app.org_kpi_totals (org_id, activities, pending_reimbursements, reimbursements)
  select x.org_id, sum(x.a), sum(x.p), sum(x.r)
    from (select s.org_id, (s.activity_count + s.proxy_activity_count)::bigint as a, 0::bigint as p, 0::bigint as r
            from public.org_monthly_activity_counts s
          union all
          select r.org_id, 0, (r.status = 'pending')::int, 1 from public.reimbursements r) x
   group by x.org_id;
$$;
comment on function app.refresh_org_kpi_totals() is 'Recomputes app.org_kpi_totals from scratch.';
revoke execute on function app.refresh_org_kpi_totals() from public, anon, authenticated;

-- One trigger function for both sources: each written row's contribution, old rows negative.
create or replace function app.org_kpi_totals_on_change()
  returns trigger
  language plpgsql
  security definer
  set search_path = ''
as $$
declare
  v_orgs uuid[] := '{}';
  v_a bigint[] := '{}';
  v_p bigint[] := '{}';
  v_r bigint[] := '{}';
  v_orgs2 uuid[];
  v_a2 bigint[];
  v_p2 bigint[];
  v_r2 bigint[];
begin
  if tg_table_name = 'org_monthly_activity_counts' then
    if tg_op in ('INSERT', 'UPDATE') then
      select array_agg(n.org_id), array_agg((n.activity_count + n.proxy_activity_count)::bigint),
             array_agg(0::bigint), array_agg(0::bigint)
        into v_orgs, v_a, v_p, v_r from new_rows n;
    end if;
    if tg_op in ('DELETE', 'UPDATE') then
      select array_agg(o.org_id), array_agg(-(o.activity_count + o.proxy_activity_count)::bigint),
             array_agg(0::bigint), array_agg(0::bigint)
        into v_orgs2, v_a2, v_p2, v_r2 from old_rows o;
    end if;
  else
    if tg_op in ('INSERT', 'UPDATE') then
      select array_agg(n.org_id), array_agg(0::bigint), array_agg((n.status = 'pending')::int::bigint),
             array_agg(1::bigint)
        into v_orgs, v_a, v_p, v_r from new_rows n;
    end if;
    if tg_op in ('DELETE', 'UPDATE') then
      select array_agg(o.org_id), array_agg(0::bigint), array_agg(-(o.status = 'pending')::int::bigint),
             array_agg(-1::bigint)
        into v_orgs2, v_a2, v_p2, v_r2 from old_rows o;
    end if;
  end if;
  perform app.add_org_kpi_deltas(coalesce(v_orgs, '{}') || coalesce(v_orgs2, '{}'),
                                 coalesce(v_a, '{}') || coalesce(v_a2, '{}'),
                                 coalesce(v_p, '{}') || coalesce(v_p2, '{}'),
                                 coalesce(v_r, '{}') || coalesce(v_r2, '{}'));
  return null;
end
$$;
revoke execute on function app.org_kpi_totals_on_change() from public, anon, authenticated;

create or replace trigger org_monthly_activity_counts_kpi_totals_insert
  after insert on public.org_monthly_activity_counts
  referencing new table as new_rows
  for each statement execute function app.org_kpi_totals_on_change();
create or replace trigger org_monthly_activity_counts_kpi_totals_update
  after update on public.org_monthly_activity_counts
  referencing old table as old_rows new table as new_rows
  for each statement execute function app.org_kpi_totals_on_change();
create or replace trigger org_monthly_activity_counts_kpi_totals_delete
  after delete on public.org_monthly_activity_counts
  referencing old table as old_rows
  for each statement execute function app.org_kpi_totals_on_change();
create or replace trigger reimbursements_kpi_totals_insert
  after insert on public.reimbursements
  referencing new table as new_rows
  for each statement execute function app.org_kpi_totals_on_change();
create or replace trigger reimbursements_kpi_totals_update
  after update on public.reimbursements
  referencing old table as old_rows new table as new_rows
  for each statement execute function app.org_kpi_totals_on_change();
create or replace trigger reimbursements_kpi_totals_delete
  after delete on public.reimbursements
  referencing old table as old_rows
  for each statement execute function app.org_kpi_totals_on_change();

-- backfill
select app.refresh_org_kpi_totals();

-- The counts of the subtree of p_scope_org_id; a part not asked for is null. No scope check: callers
-- check first. The subtree is joined from organisation_closure, never passed as an array (a filter
-- `org_id = any(<1,500 ids>)` costs O(array) per row).
create or replace function app.admin_kpi_counts(
  p_scope_org_id uuid, p_persons boolean, p_activities boolean, p_reimbursements boolean,
  p_recent_activity boolean)
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
  if p_persons then
    select coalesce(max(t.active_persons), 0), coalesce(max(t.persons), 0)
      into active_users, total_users
      from app.subtree_person_counts t
     where t.org_id = p_scope_org_id;
  end if;
  if p_activities or p_reimbursements then
    select coalesce(sum(t.activities), 0)::bigint, coalesce(sum(t.pending_reimbursements), 0)::bigint,
           coalesce(sum(t.reimbursements), 0)::bigint
      into total_activities, pending_reimbursements, total_reimbursements
      from public.organisation_closure c
      join app.org_kpi_totals t on t.org_id = c.descendant_id
     where c.ancestor_id = p_scope_org_id;
  end if;
  if p_recent_activity then
    select count(*) filter (where exists (
             select 1 from public.org_monthly_activity_counts s
              where s.org_id = c.descendant_id
                and s.activity_month >= v_since
                and s.activity_month <= current_date
                and s.activity_count + s.proxy_activity_count > 0)),
           count(*)
      into orgs_with_recent_activity, orgs_with_mentors
      from public.organisation_closure c
     where c.ancestor_id = p_scope_org_id
       and exists (select 1 from public.org_memberships m
                    where m.org_id = c.descendant_id and m.role = 'peer_mentor');
  end if;
  return next;
end
$$;
comment on function app.admin_kpi_counts(uuid, boolean, boolean, boolean, boolean) is
  'Counts behind the admin KPIs for the subtree of p_scope_org_id, only the parts asked for (others null). '
  'No scope check: callers check. Migration 20261204030000.';
revoke execute on function app.admin_kpi_counts(uuid, boolean, boolean, boolean, boolean) from public, anon, authenticated;

-- Replaces the body of 20261123001300's helper (same signature, checks and results) with the shared counts.
create or replace function app.admin_kpi_inputs(p_root_org_id uuid)
  returns table (active_users bigint, total_users bigint, total_activities bigint,
                 pending_reimbursements bigint, total_reimbursements bigint,
                 orgs_with_recent_activity bigint, orgs_with_mentors bigint)
  language plpgsql
  stable
  security definer
  set search_path = ''
as $$
begin
  if p_root_org_id is null then
    raise exception 'p_root_org_id is required' using errcode = '22004';
  end if;
  if not app.caller_bypasses_rls() and not (p_root_org_id = any (app.admin_org_ids())) then
    raise exception 'not allowed to read KPIs of organisation %', p_root_org_id using errcode = '42501';
  end if;
  return query select * from app.admin_kpi_counts(p_root_org_id, true, true, true, true);
end
$$;

create or replace function app.admin_kpis(p_root_org_id uuid, p_scope_org_id uuid, p_kpi text)
  returns json
  language plpgsql
  stable
  security definer
  set search_path = ''
as $$
declare
  v_scope uuid := coalesce(p_scope_org_id, p_root_org_id);
  v_all boolean := p_kpi = 'all';
  v_health boolean := p_kpi in ('all', 'org_health_score');
  k record;
  v_out jsonb;
begin
  if p_root_org_id is null then
    raise exception 'p_root_org_id is required' using errcode = '22004';
  end if;
  if p_kpi is null or p_kpi not in ('all', 'active_user_count', 'total_activities_count',
                                    'pending_reimbursements_count', 'org_health_score') then
    raise exception 'p_kpi must be one of all, active_user_count, total_activities_count, '
      'pending_reimbursements_count, org_health_score' using errcode = '22023';
  end if;
  if not app.caller_bypasses_rls() and not (p_root_org_id = any (app.admin_org_ids())) then
    raise exception 'not allowed to read KPIs of organisation %', p_root_org_id using errcode = '42501';
  end if;
  if v_scope <> p_root_org_id and not exists (
       select 1 from public.organisation_closure c
        where c.ancestor_id = p_root_org_id and c.descendant_id = v_scope) then
    raise exception 'organisation % is not in the subtree of %', v_scope, p_root_org_id using errcode = '42501';
  end if;

  select * into k from app.admin_kpi_counts(v_scope,
    v_health or p_kpi = 'active_user_count',
    v_all or p_kpi = 'total_activities_count',
    v_health or p_kpi = 'pending_reimbursements_count',
    v_health);

  v_out := jsonb_build_object('organisation_id', v_scope);
  if v_all or p_kpi = 'active_user_count' then
    v_out := v_out || jsonb_build_object('active_user_count', k.active_users);
  end if;
  if v_all or p_kpi = 'total_activities_count' then
    v_out := v_out || jsonb_build_object('total_activities_count', k.total_activities);
  end if;
  if v_all or p_kpi = 'pending_reimbursements_count' then
    v_out := v_out || jsonb_build_object('pending_reimbursements_count', k.pending_reimbursements);
  end if;
  if v_health then
    v_out := v_out || jsonb_build_object('org_health_score',
      app.health_score(k.active_users, k.total_users, k.orgs_with_recent_activity, k.orgs_with_mentors,
                       k.pending_reimbursements, k.total_reimbursements));
  end if;
  return v_out::json;
end
$$;
comment on function app.admin_kpis(uuid, uuid, text) is
  'Scope checks and the KPI document behind public.get_admin_kpis. Migration 20261204030000.';
revoke execute on function app.admin_kpis(uuid, uuid, text) from public, anon;
grant execute on function app.admin_kpis(uuid, uuid, text) to authenticated, service_role;

create or replace function public.get_admin_kpis(
  p_root_org_id  uuid,
  p_scope_org_id uuid default null,
  p_kpi          text default 'all')
  returns json
  language sql
  stable
  security invoker
  set search_path = ''
as $$
  select app.admin_kpis(p_root_org_id, p_scope_org_id, p_kpi)
$$;
comment on function public.get_admin_kpis(uuid, uuid, text) is
  'Card 003 admin KPIs of the subtree of p_scope_org_id (default p_root_org_id), which must lie in the '
  'subtree of p_root_org_id, an organisation in the caller''s org_admin scope. p_kpi: all (default), '
  'active_user_count, total_activities_count, pending_reimbursements_count or org_health_score. '
  'Returns {organisation_id, <the KPIs asked for>}.';
revoke execute on function public.get_admin_kpis(uuid, uuid, text) from public, anon;
grant execute on function public.get_admin_kpis(uuid, uuid, text) to authenticated, service_role;
