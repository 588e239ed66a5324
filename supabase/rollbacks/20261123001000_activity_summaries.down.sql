-- Rollback of 20261123001000_activity_summaries.sql
drop trigger if exists proxy_activities_summary_delete on public.proxy_activities;
drop trigger if exists proxy_activities_summary_update on public.proxy_activities;
drop trigger if exists proxy_activities_summary_insert on public.proxy_activities;
drop trigger if exists activities_summary_delete on public.activities;
drop trigger if exists activities_summary_update on public.activities;
drop trigger if exists activities_summary_insert on public.activities;
drop function if exists app.rebuild_activity_summaries();
drop function if exists app.proxy_activities_maintain_summary();
drop function if exists app.activities_maintain_summary();
drop table if exists public.org_monthly_activity_counts;
