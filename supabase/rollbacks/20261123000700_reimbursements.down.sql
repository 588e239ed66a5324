-- Rollback of 20261123000700_reimbursements.sql
drop table if exists public.reimbursements;
drop function if exists app.reimbursements_check_org();
