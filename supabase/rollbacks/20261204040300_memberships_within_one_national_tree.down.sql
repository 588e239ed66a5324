-- Rollback of 20261204040300_memberships_within_one_national_tree.sql
drop trigger if exists org_memberships_check_same_tree on public.org_memberships;
drop trigger if exists users_check_new_person on public.users;
drop function if exists app.check_person_joins_own_tree();
