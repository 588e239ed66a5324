-- Rollback of 20261123000200_organisations_tree.sql (dependency order: tables, then their functions)
drop table if exists public.organisation_closure;
drop table if exists public.organisations;
drop function if exists app.organisations_closure_move();
drop function if exists app.organisations_closure_insert();
drop function if exists app.organisations_check_tree();
