-- Rollback of 20261205050000_bufdir_payload_set.sql: drops bufdir_payload and restores
-- aggregate_activities_for_org as 20261205010000_bufdir_aggregate_one_pass.sql defined it.
drop function if exists public.bufdir_payload(uuid, date, date, text);

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
  -- custom plans only: see (4) above
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

  with rows as (
    select a.peer_mentor_id as mentor_id, a.org_id, a.activity_type_id, a.session_count as sessions,
           coalesce(a.duration_minutes, 0) as minutes, 0 as proxy, (a.duration_minutes is null)::int as unknown
      from public.activities a
     where a.org_id = any (v_orgs) and a.activity_date between p_period_start and p_period_end
    union all
    select p.attributed_mentor_id, p.org_id, p.activity_type_id, 1, p.duration_minutes, 1, 0
      from public.proxy_activities p
     where p.org_id = any (v_orgs) and p.date between p_period_start and p_period_end
  ), grouped as (
    -- one pass, two groupings: (mentor, type) for the records, (mentor, org) for multi_chapter_mentors;
    -- by_type = 1 on the (mentor, type) rows. Sums of int are int8 states kept by value in the hash
    -- table (a sum of bigint or numeric keeps a separately allocated state per group)
    select r.mentor_id, r.org_id, r.activity_type_id, grouping(r.org_id) as by_type,
           sum(r.sessions) as sessions, sum(r.minutes) as minutes, count(*) as activities,
           sum(r.proxy) as proxies, sum(r.unknown) as unknown
      from rows r
     group by grouping sets ((r.mentor_id, r.activity_type_id), (r.mentor_id, r.org_id))
  ), types as (
    -- the filters on by_type say "<> 0" / "<> 1" rather than "= 1" / "= 0": the planner has no
    -- statistics for a CTE and takes an equality as 0.5% of the rows, which made it loop over users
    -- and over grouped per mentor instead of hashing, see (4) above
    select t.id, t.code, t.name
      from public.activity_types t
     where t.id in (select g.activity_type_id from grouped g where g.by_type <> 0)
  ), multi as (
    -- the mentors with two or more chapters first (a hash aggregate, no sort), then the sorted
    -- chapter list for those few only
    select g.mentor_id, array_agg(g.org_id order by g.org_id) as org_ids
      from grouped g
     where g.by_type <> 1
       and g.mentor_id in (select x.mentor_id from grouped x where x.by_type <> 1
                            group by x.mentor_id having count(*) > 1)
     group by g.mentor_id
  ), by_mentor as (
    -- json_agg over a row (x below) instead of json_build_object per group: faster and more compact
    select b.mentor_id, sum(b.sessions) as sessions, sum(b.minutes) as minutes,
           sum(b.activities) as activities, sum(b.proxies) as proxies, sum(b.unknown) as unknown,
           json_agg(x order by t.code, x.type) as groups
      from grouped b
      join types t on t.id = b.activity_type_id
      cross join lateral (select b.activity_type_id as type, b.sessions, b.minutes,
                                 b.activities as count) x
     where b.by_type <> 0
     group by b.mentor_id
  )
  select json_build_object(
           'organisation_id', p_org_id,
           'scope', p_scope,
           'period_start', p_period_start,
           'period_end', p_period_end,
           'totals', json_build_object(
             'peer_mentor_count', count(m.mentor_id),
             'session_count', coalesce(sum(m.sessions), 0),
             'duration_minutes', coalesce(sum(m.minutes), 0),
             'activity_count', coalesce(sum(m.activities), 0),
             'proxy_activity_count', coalesce(sum(m.proxies), 0),
             'activities_without_duration', coalesce(sum(m.unknown), 0)),
           'activity_types', (select coalesce(json_agg(t order by t.code, t.id), '[]'::json) from types t),
           'multi_chapter_mentors', (select coalesce(json_agg(z order by z.peer_mentor_id), '[]'::json)
                                       from multi mc
                                       cross join lateral (select mc.mentor_id as peer_mentor_id,
                                                                  mc.org_ids as organisation_ids) z),
           'peer_mentor_records', coalesce(json_agg(y order by y.peer_mentor_id)
                                             filter (where m.mentor_id is not null), '[]'::json))
    into v_result
    from by_mentor m
    left join public.users u on u.id = m.mentor_id
    cross join lateral (select m.mentor_id as peer_mentor_id, u.full_name, m.sessions as session_count,
                               m.minutes as duration_minutes, m.activities as activity_count,
                               m.unknown as activities_without_duration, m.proxies as proxy_activity_count,
                               m.groups as activity_types) y;
  return v_result;
end
$$;
comment on function public.aggregate_activities_for_org(uuid, date, date, text) is
  'Card 001 BufdirPayload for an org (scope chapter) or its subtree (region/national) over an '
  'inclusive period; activity types listed once and referenced by id; a multi-chapter mentor counted '
  'once and listed in multi_chapter_mentors; proxy activities attributed to the mentor.';
revoke execute on function public.aggregate_activities_for_org(uuid, date, date, text) from public, anon;
grant execute on function public.aggregate_activities_for_org(uuid, date, date, text) to authenticated, service_role;
