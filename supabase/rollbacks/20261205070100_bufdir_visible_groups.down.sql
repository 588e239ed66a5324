-- Rollback of 20261205070100_bufdir_visible_groups.sql: restores aggregate_activities_for_org as
-- 20261205070000_bufdir_sort_once.sql defined it and drops app.bufdir_activity_groups (first: a
-- PL/pgSQL body does not depend on the functions it calls).
drop function if exists app.bufdir_activity_groups(uuid[], date, date);

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
    select a.peer_mentor_id as mentor_id, a.activity_type_id, a.org_id,
           sum(a.session_count)::int as sessions, sum(coalesce(a.duration_minutes, 0))::int as minutes,
           count(*)::int as activities, 0 as proxies,
           (count(*) - count(a.duration_minutes))::int as unknown
      from public.activities a
     where a.org_id = any (v_orgs) and a.activity_date between p_period_start and p_period_end
     group by a.peer_mentor_id, a.activity_type_id, a.org_id
    union all
    select p.attributed_mentor_id, p.activity_type_id, p.org_id,
           count(*)::int, sum(p.duration_minutes)::int, count(*)::int, count(*)::int, 0
      from public.proxy_activities p
     where p.org_id = any (v_orgs) and p.date between p_period_start and p_period_end
     group by p.attributed_mentor_id, p.activity_type_id, p.org_id
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
