-- Rollback of 20261123000500_proxy_activities.sql
drop table if exists public.proxy_activities;
drop table if exists public.recurring_activity_templates;
drop function if exists app.proxy_activities_check_attribution();
drop function if exists app.recurring_activity_templates_check_org();
