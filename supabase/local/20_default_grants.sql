-- supabase/local/20_default_grants.sql
-- Why: Supabase grants the API roles usage on public/extensions and ALL on every new table, function
-- and sequence in public (reference section 2.3). This is exactly why every public table needs RLS:
-- without it anon can read and write it. The migrations are written against these grants, so a
-- vanilla PostgreSQL must have them too. Applied ONLY outside Supabase. Idempotent.
-- Default privileges apply to objects created by the role running this file, i.e. the superuser that
-- later applies the migrations (postgres on embedded PostgreSQL, as on Supabase).
grant usage on schema public to postgres, anon, authenticated, service_role;
grant usage on schema extensions to postgres, anon, authenticated, service_role;

alter default privileges in schema public grant all on tables to postgres, anon, authenticated, service_role;
alter default privileges in schema public grant all on functions to postgres, anon, authenticated, service_role;
alter default privileges in schema public grant all on sequences to postgres, anon, authenticated, service_role;

-- GoTrue (supabase_auth_admin) runs the custom access token hook; on Supabase it may use public
grant usage on schema public to supabase_auth_admin;
