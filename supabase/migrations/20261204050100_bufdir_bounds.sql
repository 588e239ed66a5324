-- 20261204050100_bufdir_bounds.sql
-- Why (attack review, "bounds that protect the Bufdir numbers"): session_count and
-- participant_count accepted 2,147,483,647 and proxy duration_minutes had no upper bound; every one
-- of them flows into the Bufdir totals and the admin KPIs, so one row could inflate a year's report.
-- Bounds per activity: at most 24 hours (direct activities already stop at 1,440 minutes; proxy
-- activities now do too), at most 100 sessions and 1,000 participants. A pending reimbursement
-- claim carries no decider: only a decision sets decided_by (a mentor could file a claim that
-- looked decided). Each bound is a CHECK constraint with its own name, so the refusal is SQLSTATE
-- 23514 (PostgREST: 400) naming what was exceeded. The pending-claim rule is separate from any
-- rule about who may decide (decider != claimant).
-- The seed and the scale generator stay far inside the bounds (at most 3 sessions, 8 participants,
-- 180 minutes). Idempotent: each constraint is dropped if present and added again.

alter table public.activities drop constraint if exists activities_session_count_max_check;
alter table public.activities add constraint activities_session_count_max_check
  check (session_count <= 100);
comment on constraint activities_session_count_max_check on public.activities is
  'At most 100 sessions per activity row, so one row cannot inflate the Bufdir session totals.';

alter table public.activities drop constraint if exists activities_participant_count_max_check;
alter table public.activities add constraint activities_participant_count_max_check
  check (participant_count <= 1000);
comment on constraint activities_participant_count_max_check on public.activities is
  'At most 1,000 participants per activity row, so one row cannot inflate the Bufdir totals.';

alter table public.proxy_activities drop constraint if exists proxy_activities_duration_minutes_max_check;
alter table public.proxy_activities add constraint proxy_activities_duration_minutes_max_check
  check (duration_minutes <= 1440);
comment on constraint proxy_activities_duration_minutes_max_check on public.proxy_activities is
  'At most 24 hours per proxy activity, like direct activities (activities_duration_minutes_check).';

alter table public.reimbursements drop constraint if exists reimbursements_pending_undecided_check;
alter table public.reimbursements add constraint reimbursements_pending_undecided_check
  check (status <> 'pending' or decided_by is null);
comment on constraint reimbursements_pending_undecided_check on public.reimbursements is
  'A pending claim has no decider; only a decision (approved/rejected/paid) sets decided_by.';
