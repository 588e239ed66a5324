-- Rollback of 20261123000100_app_schema.sql
drop function if exists app.set_updated_at();
drop schema if exists app;
