-- Rollback of 20261204040600_direct_activity_coordinator_rule.sql
comment on trigger activities_check_attribution on public.activities is null;
