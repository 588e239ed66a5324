-- Rollback of 20261123000600_proxy_audit_log.sql
drop trigger if exists proxy_activities_write_audit on public.proxy_activities;
drop function if exists app.proxy_activities_write_audit();
drop table if exists public.proxy_audit_log;
drop function if exists app.proxy_audit_log_refuse_change();
