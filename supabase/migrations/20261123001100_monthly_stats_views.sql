-- 20261123001100_monthly_stats_views.sql
-- Why (card 000): the stats dashboard reads monthly totals per coordinator and per peer mentor.
-- Plain views (not materialized: a materialized view cannot carry RLS) WITH (security_invoker = true),
-- so the caller's RLS on activities / proxy_activities applies and nothing crosses an organisation.
-- Direct and proxy activities are each counted once: a proxy activity counts for the coordinator who
-- registered it (coordinator view) and for the peer mentor it is attributed to (peer mentor view).
-- Columns (card 000): org_id, coordinator_id | mentor_id, activity_month (first day of the month),
-- activity_type (the activity type code), activity_count, total_duration_minutes (null durations = 0);
-- plus activity_type_id.
-- A view cannot carry an index; the card's indexes are on the base tables, leading with org_id and
-- including the stored activity_month so that a month range is an index condition:
--   activities (org_id, coordinator_id, activity_month) include (activity_type_id, duration_minutes)
--   activities (org_id, peer_mentor_id, activity_month) include (...)
--   proxy_activities (org_id, coordinator_id, activity_month) / (org_id, attributed_mentor_id, activity_month)
-- Predicates on org_id, coordinator_id/mentor_id and activity_month are pushed below the GROUP BY and
-- UNION ALL into those index scans (QueryPlanTest proves it).
-- Idempotent (create or replace view).

create or replace view public.coordinator_monthly_stats
  with (security_invoker = true)
as
select s.org_id,
       s.coordinator_id,
       s.activity_month,
       t.code                      as activity_type,
       sum(s.activity_count)::bigint         as activity_count,
       sum(s.total_duration_minutes)::bigint as total_duration_minutes,
       s.activity_type_id
  from (select a.org_id, a.coordinator_id, a.activity_month, a.activity_type_id,
               count(*) as activity_count,
               coalesce(sum(a.duration_minutes), 0) as total_duration_minutes
          from public.activities a
         where a.coordinator_id is not null
         group by a.org_id, a.coordinator_id, a.activity_month, a.activity_type_id
        union all
        select p.org_id, p.coordinator_id, p.activity_month, p.activity_type_id,
               count(*), sum(p.duration_minutes)
          from public.proxy_activities p
         group by p.org_id, p.coordinator_id, p.activity_month, p.activity_type_id) s
  join public.activity_types t on t.id = s.activity_type_id
 group by s.org_id, s.coordinator_id, s.activity_month, s.activity_type_id, t.code;
comment on view public.coordinator_monthly_stats is
  'Card 000: per org, coordinator, calendar month and activity type: activity_count and '
  'total_duration_minutes of direct activities registered by the coordinator plus proxy activities '
  'it registered. security_invoker: RLS of the base tables applies.';

create or replace view public.peer_mentor_monthly_stats
  with (security_invoker = true)
as
select s.org_id,
       s.mentor_id,
       s.activity_month,
       t.code                      as activity_type,
       sum(s.activity_count)::bigint         as activity_count,
       sum(s.total_duration_minutes)::bigint as total_duration_minutes,
       s.activity_type_id
  from (select a.org_id, a.peer_mentor_id as mentor_id, a.activity_month, a.activity_type_id,
               count(*) as activity_count,
               coalesce(sum(a.duration_minutes), 0) as total_duration_minutes
          from public.activities a
         group by a.org_id, a.peer_mentor_id, a.activity_month, a.activity_type_id
        union all
        select p.org_id, p.attributed_mentor_id, p.activity_month, p.activity_type_id,
               count(*), sum(p.duration_minutes)
          from public.proxy_activities p
         group by p.org_id, p.attributed_mentor_id, p.activity_month, p.activity_type_id) s
  join public.activity_types t on t.id = s.activity_type_id
 group by s.org_id, s.mentor_id, s.activity_month, s.activity_type_id, t.code;
comment on view public.peer_mentor_monthly_stats is
  'Card 000: per org, peer mentor, calendar month and activity type: direct activities plus proxy '
  'activities attributed to the mentor. security_invoker: RLS of the base tables applies.';

