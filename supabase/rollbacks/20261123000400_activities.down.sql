-- Rollback of 20261123000400_activities.sql
drop table if exists public.activities;
drop table if exists public.activity_types;
drop function if exists app.activities_check_attribution();
drop function if exists app.activity_type_usable_in(uuid, uuid);
