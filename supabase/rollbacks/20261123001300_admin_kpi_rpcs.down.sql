-- Rollback of 20261123001300_admin_kpi_rpcs.sql
drop function if exists public.get_admin_kpi_stats(uuid);
drop function if exists public.get_org_health_score(uuid);
drop function if exists app.health_score(bigint, bigint, bigint, bigint, bigint, bigint);
drop function if exists app.admin_kpi_inputs(uuid);
