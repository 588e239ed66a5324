-- Rollback of 20261123000700_reimbursements.sql
drop table if exists public.reimbursements;
