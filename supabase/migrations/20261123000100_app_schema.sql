-- 20261123000100_app_schema.sql
-- Why: RLS policies and triggers need small helper functions. Functions in `public` are exposed by
-- PostgREST as /rpc endpoints, so helpers live in the schema `app`, which PostgREST does not expose
-- (config.toml: api.schemas = ["public"]). The API roles get USAGE so that policies, which run with
-- the caller's privileges, can call the helpers; each helper grants EXECUTE itself.
-- This migration also holds the one trigger function shared by every table with an updated_at column.
-- Idempotent: create ... if not exists / create or replace.

create schema if not exists app;
comment on schema app is
  'likeperson helpers for RLS policies and triggers. Not exposed by PostgREST; never put tables here.';

grant usage on schema app to anon, authenticated, service_role;

-- Sets updated_at on every UPDATE (cards 002 and 004). SECURITY INVOKER: it only touches NEW.
create or replace function app.set_updated_at()
  returns trigger
  language plpgsql
  set search_path = ''
as $$
begin
  new.updated_at := pg_catalog.now();
  return new;
end
$$;
comment on function app.set_updated_at() is 'BEFORE UPDATE trigger: updated_at := now().';
