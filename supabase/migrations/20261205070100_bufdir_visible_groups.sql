-- 20261205070100_bufdir_visible_groups.sql
-- Why (issue 8, performance): of the NATIONAL year's remaining database time at NHF size, about 6-7%
-- is row-level security on the 718k activity and 66k proxy rows: each row is checked against the
-- caller's policy (`peer_mentor_id = me or org_id in <staff organisations>`, a hash probe per row),
-- although the function has already restricted the rows to its organisations. Measured as backend
-- CPU per national call as the root admin, 4 interleaved runs: 1,350-1,400 ms with the policies per
-- row, 1,260-1,320 ms with this function (the document is the same byte for byte).
--
-- app.bufdir_activity_groups(p_orgs, p_start, p_end) applies exactly what the SELECT policies of
-- activities and proxy_activities allow, as index conditions instead of per-row checks: it splits
-- p_orgs into the organisations whose rows the caller sees whole (its staff organisations: coordinator
-- organisations and admin subtrees, the policies' `org_id in (...)` branch) and the others, where only
-- the caller's own rows are visible (the policies' `peer_mentor_id = me` / `attributed_mentor_id =
-- me` branch). A caller that bypasses RLS (service_role, a superuser) sees all of p_orgs, as RLS
-- would. The caller's id and staff set are read as the policies read them: the request's stored sets
-- (app.pre_request) and otherwise the helpers. It is SECURITY DEFINER so that the policies do not run a
-- second time; it never trusts its arguments for visibility (any p_orgs gives only rows the caller's
-- policies show: RowPolicyMirrorTest compares it with the policies for every seeded user over every
-- organisation, with and without the pre-request, and pins the two policies' text so that a change
-- there fails until this function follows). It lives in app (not exposed by PostgREST); authenticated
-- and service_role may execute it because aggregate_activities_for_org, SECURITY INVOKER, calls it.
-- `full_name` is still read from users under the caller's RLS.
-- Unchanged: the signature and document of aggregate_activities_for_org, its staff check (42501),
-- argument errors, counting rules, force_custom_plan; bufdir_payload().
-- The rollback drops the function and restores the 20261205070000 body. Idempotent.

create or replace function app.bufdir_activity_groups(p_orgs uuid[], p_start date, p_end date)
  returns table (mentor_id uuid, activity_type_id uuid, org_id uuid, sessions int, minutes int,
                 activities int, proxies int, unknown int)
  language plpgsql
  stable
  security definer
  set search_path = ''
  -- custom plans only (see 20261205010000): the organisation lists differ from call to call
  set plan_cache_mode = force_custom_plan
as $$
declare
  v_uid uuid;
  v_staff uuid[];
  v_whole uuid[];
  v_own uuid[];
begin
  if app.caller_bypasses_rls() then
    -- RLS does not apply to this caller: every row of p_orgs
    v_whole := coalesce(p_orgs, '{}');
    v_own := '{}';
  else
    -- the same expressions as the policies (20261205040000): the stored sets, else the helpers
    v_uid := coalesce(nullif(pg_catalog.current_setting('app.scope_uid', true), '')::uuid, auth.uid());
    v_staff := coalesce(nullif(pg_catalog.current_setting('app.scope_coordinator', true), '')::uuid[]
                        || nullif(pg_catalog.current_setting('app.scope_admin', true), '')::uuid[],
                        app.staff_org_ids());
    select coalesce(array_agg(o) filter (where o in (select pg_catalog.unnest(v_staff))), '{}'),
           coalesce(array_agg(o) filter (where not (o in (select pg_catalog.unnest(v_staff)))), '{}')
      into v_whole, v_own
      from pg_catalog.unnest(p_orgs) o
     where o is not null;
  end if;
  return query
    -- each table aggregated on its own from its index-only scan; rows of the staff organisations
    select a.peer_mentor_id, a.activity_type_id, a.org_id,
           sum(a.session_count)::int, sum(coalesce(a.duration_minutes, 0))::int,
           count(*)::int, 0, (count(*) - count(a.duration_minutes))::int
      from public.activities a
     where a.org_id = any (v_whole) and a.activity_date between p_start and p_end
     group by a.peer_mentor_id, a.activity_type_id, a.org_id
    union all
    -- the caller's own rows in the other organisations (none when the caller has no id)
    select a.peer_mentor_id, a.activity_type_id, a.org_id,
           sum(a.session_count)::int, sum(coalesce(a.duration_minutes, 0))::int,
           count(*)::int, 0, (count(*) - count(a.duration_minutes))::int
      from public.activities a
     where a.org_id = any (v_own) and a.peer_mentor_id = v_uid
       and a.activity_date between p_start and p_end
     group by a.peer_mentor_id, a.activity_type_id, a.org_id
    union all
    select p.attributed_mentor_id, p.activity_type_id, p.org_id,
           count(*)::int, sum(p.duration_minutes)::int, count(*)::int, count(*)::int, 0
      from public.proxy_activities p
     where p.org_id = any (v_whole) and p.date between p_start and p_end
     group by p.attributed_mentor_id, p.activity_type_id, p.org_id
    union all
    select p.attributed_mentor_id, p.activity_type_id, p.org_id,
           count(*)::int, sum(p.duration_minutes)::int, count(*)::int, count(*)::int, 0
      from public.proxy_activities p
     where p.org_id = any (v_own) and p.attributed_mentor_id = v_uid
       and p.date between p_start and p_end
     group by p.attributed_mentor_id, p.activity_type_id, p.org_id;
end
$$;
comment on function app.bufdir_activity_groups(uuid[], date, date) is
  'The (mentor, activity type, organisation) sums of the activities and proxy activities in p_orgs '
  'over an inclusive period that the caller''s SELECT policies show (the same rules, applied as index '
  'conditions); used by aggregate_activities_for_org.';
revoke execute on function app.bufdir_activity_groups(uuid[], date, date) from public, anon;
grant execute on function app.bufdir_activity_groups(uuid[], date, date) to authenticated, service_role;

create or replace function public.aggregate_activities_for_org(
  p_org_id       uuid,
  p_period_start date,
  p_period_end   date,
  p_scope        text default 'chapter')
  returns json
  language plpgsql
  stable
  security invoker
  set search_path = ''
  -- custom plans only: see 20261205010000 (a generic plan takes "org_id = any ($1)" as ~24 rows)
  set plan_cache_mode = force_custom_plan
as $$
declare
  v_orgs uuid[];
  v_result json;
begin
  if p_org_id is null or p_period_start is null or p_period_end is null or p_scope is null then
    raise exception 'p_org_id, p_period_start, p_period_end and p_scope are required' using errcode = '22004';
  end if;
  if p_scope not in ('chapter', 'region', 'national') then
    raise exception 'p_scope must be chapter, region or national, was "%"', p_scope using errcode = '22023';
  end if;
  if p_period_start > p_period_end then
    raise exception 'period_start % is after period_end %', p_period_start, p_period_end using errcode = '22023';
  end if;
  if not app.caller_bypasses_rls() and not (p_org_id = any (app.staff_org_ids())) then
    raise exception 'not allowed to aggregate activities of organisation %', p_org_id using errcode = '42501';
  end if;

  if p_scope = 'chapter' then
    v_orgs := array[p_org_id];
  else
    select coalesce(array_agg(c.descendant_id), '{}') into v_orgs
      from public.organisation_closure c where c.ancestor_id = p_org_id;
  end if;

  with g3 as materialized (
    -- (mentor, type, organisation) groups of the rows the caller's row policies show
    -- (app.bufdir_activity_groups applies them as index conditions, see there); int sums: the
    -- schema bounds a row (100 sessions, 1,440 minutes), so a group of one mentor, type and
    -- organisation stays far below 2^31 within the 5-year maximum period, and an overflow would be
    -- an error, never a wrong number
    select g.mentor_id, g.activity_type_id, g.org_id, g.sessions, g.minutes, g.activities,
           g.proxies, g.unknown
      from app.bufdir_activity_groups(v_orgs, p_period_start, p_period_end) g
  ), types as materialized (
    -- each type's position in (code, id) order: the groups are sorted on this int, not on the text
    -- code under the database's collation
    select t.id, t.code, t.name, (row_number() over (order by t.code, t.id))::int as rank
      from public.activity_types t
     where t.id in (select g.activity_type_id from g3 g)
  ), grouped as (
    -- (mentor, type) groups: the planner sorts the (mentor, type, organisation) groups once on
    -- (mentor, rank, type) and aggregates them in that order (a GroupAggregate), so each mentor's
    -- groups reach json_agg in (code, type) order without a second sort, and the mentors come out in
    -- id order
    select g.mentor_id, t.rank, g.activity_type_id,
           sum(g.sessions)::int as sessions, sum(g.minutes)::int as minutes,
           sum(g.activities)::int as activities, sum(g.proxies)::int as proxies,
           sum(g.unknown)::int as unknown
      from g3 g join types t on t.id = g.activity_type_id
     group by g.mentor_id, t.rank, g.activity_type_id
  ), mentor_orgs as (
    select distinct g.mentor_id, g.org_id from g3 g
  ), multi as (
    select o.mentor_id, array_agg(o.org_id order by o.org_id) as org_ids
      from mentor_orgs o
     where o.mentor_id in (select x.mentor_id from mentor_orgs x group by x.mentor_id having count(*) > 1)
     group by o.mentor_id
  ), by_mentor as (
    -- the rows arrive sorted by (mentor, code, type), so json_agg takes each mentor's groups in that
    -- order without a sort per mentor (an ORDER BY inside the aggregate sorts once per group)
    select s.mentor_id, sum(s.sessions) as sessions, sum(s.minutes) as minutes,
           sum(s.activities) as activities, sum(s.proxies) as proxies, sum(s.unknown) as unknown,
           json_agg(s.x) as groups
      from (select b.mentor_id, b.sessions, b.minutes, b.activities, b.proxies, b.unknown, x
              from grouped b
              cross join lateral (select b.activity_type_id as type, b.sessions, b.minutes,
                                         b.activities as count) x
             order by b.mentor_id, b.rank, b.activity_type_id) s
     group by s.mentor_id
  ), records as (
    -- in mentor order (by_mentor already is, so no sort runs): the document's json_agg below takes
    -- them in this order; an ORDER BY inside it would sort the 47.6k records with their groups again.
    -- The name is one index probe of users per mentor under the caller's RLS (null when hidden)
    select m.mentor_id, m.sessions, m.minutes, m.activities, m.proxies, m.unknown, y
      from by_mentor m
      cross join lateral (select m.mentor_id as peer_mentor_id,
                                 (select u.full_name from public.users u where u.id = m.mentor_id) as full_name,
                                 m.sessions as session_count,
                                 m.minutes as duration_minutes, m.activities as activity_count,
                                 m.unknown as activities_without_duration, m.proxies as proxy_activity_count,
                                 m.groups as activity_types) y
     order by m.mentor_id
  )
  select json_build_object(
           'organisation_id', p_org_id,
           'scope', p_scope,
           'period_start', p_period_start,
           'period_end', p_period_end,
           'totals', json_build_object(
             'peer_mentor_count', count(r.mentor_id),
             'session_count', coalesce(sum(r.sessions), 0),
             'duration_minutes', coalesce(sum(r.minutes), 0),
             'activity_count', coalesce(sum(r.activities), 0),
             'proxy_activity_count', coalesce(sum(r.proxies), 0),
             'activities_without_duration', coalesce(sum(r.unknown), 0)),
           'activity_types', (select coalesce(json_agg(d order by t.rank), '[]'::json) from types t
                               cross join lateral (select t.id, t.code, t.name) d),
           'multi_chapter_mentors', (select coalesce(json_agg(z order by z.peer_mentor_id), '[]'::json)
                                       from multi mc
                                       cross join lateral (select mc.mentor_id as peer_mentor_id,
                                                                  mc.org_ids as organisation_ids) z),
           'peer_mentor_records', coalesce(json_agg(r.y) filter (where r.mentor_id is not null),
                                             '[]'::json))
    into v_result
    from records r;
  return v_result;
end
$$;
comment on function public.aggregate_activities_for_org(uuid, date, date, text) is
  'Card 001 BufdirPayload for an org (scope chapter) or its subtree (region/national) over an '
  'inclusive period; activity types listed once and referenced by id; a multi-chapter mentor counted '
  'once and listed in multi_chapter_mentors; proxy activities attributed to the mentor.';
revoke execute on function public.aggregate_activities_for_org(uuid, date, date, text) from public, anon;
grant execute on function public.aggregate_activities_for_org(uuid, date, date, text) to authenticated, service_role;
