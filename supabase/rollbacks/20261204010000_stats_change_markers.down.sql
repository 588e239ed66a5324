-- Rollback of 20261204010000_stats_change_markers.sql
drop function if exists public.stats_change_marker(uuid);
drop trigger if exists proxy_activities_stats_change_delete on public.proxy_activities;
drop trigger if exists proxy_activities_stats_change_update on public.proxy_activities;
drop trigger if exists proxy_activities_stats_change_insert on public.proxy_activities;
drop trigger if exists activities_stats_change_delete on public.activities;
drop trigger if exists activities_stats_change_update on public.activities;
drop trigger if exists activities_stats_change_insert on public.activities;
drop function if exists app.bump_org_activity_changes();
drop table if exists public.org_activity_changes;
drop sequence if exists app.org_activity_change_seq;
