-- Rollback of 20261123001100_monthly_stats_views.sql
drop view if exists public.peer_mentor_monthly_stats;
drop view if exists public.coordinator_monthly_stats;
