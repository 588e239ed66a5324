-- Rollback of 20261123001200_aggregate_activities_for_org.sql
drop function if exists public.aggregate_activities_for_org(uuid, date, date, text);
