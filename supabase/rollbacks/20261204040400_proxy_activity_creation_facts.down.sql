-- Rollback of 20261204040400_proxy_activity_creation_facts.sql
drop trigger if exists proxy_activities_bind_creation_facts on public.proxy_activities;
drop function if exists app.proxy_activities_keep_creation_facts();
