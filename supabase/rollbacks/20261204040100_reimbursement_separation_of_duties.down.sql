-- Rollback of 20261204040100_reimbursement_separation_of_duties.sql
drop trigger if exists reimbursements_refuse_self_decision on public.reimbursements;
drop function if exists app.reimbursements_refuse_self_decision();
alter table public.reimbursements drop constraint if exists reimbursements_decider_not_claimant_check;
