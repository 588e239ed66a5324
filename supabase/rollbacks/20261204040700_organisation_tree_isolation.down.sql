-- Rollback of 20261204040700_organisation_tree_isolation.sql
drop trigger if exists organisations_begin_tree_change on public.organisations;
drop function if exists app.organisations_begin_tree_change();
drop table if exists app.organisation_tree_version;
