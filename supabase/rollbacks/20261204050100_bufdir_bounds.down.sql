-- Rollback of 20261204050100_bufdir_bounds.sql
alter table public.reimbursements drop constraint if exists reimbursements_pending_undecided_check;
alter table public.proxy_activities drop constraint if exists proxy_activities_duration_minutes_max_check;
alter table public.activities drop constraint if exists activities_participant_count_max_check;
alter table public.activities drop constraint if exists activities_session_count_max_check;
