-- Rollback of 20261204070000_admin_org_subtree.sql
drop function if exists public.admin_org_subtree();
