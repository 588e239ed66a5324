-- supabase/local/00_roles.sql
-- Why: a vanilla PostgreSQL 15 has none of Supabase's API roles. The migrations grant to them and the
-- RLS policies are written for them, so they must exist before the first migration. Applied ONLY
-- outside Supabase (LocalDatabase, embedded PostgreSQL); a real Supabase project already has them.
-- Idempotent: every statement can run again on a database that already has the roles.
-- Source of the facts: reference/postgrest-protocol.md section 2.2 (Supabase's initial schema, and the
-- later migration that made the API roles INHERIT).
do $roles$
begin
  if not exists (select from pg_catalog.pg_roles where rolname = 'anon') then
    create role anon nologin noinherit;
  end if;
  if not exists (select from pg_catalog.pg_roles where rolname = 'authenticated') then
    create role authenticated nologin noinherit;
  end if;
  if not exists (select from pg_catalog.pg_roles where rolname = 'service_role') then
    create role service_role nologin noinherit bypassrls;
  end if;
  -- the role PostgREST logs in as; it only ever acts through SET LOCAL ROLE
  if not exists (select from pg_catalog.pg_roles where rolname = 'authenticator') then
    create role authenticator login noinherit;
  end if;
  -- GoTrue's role: owns the auth schema and is the only role allowed to run the access token hook
  if not exists (select from pg_catalog.pg_roles where rolname = 'supabase_auth_admin') then
    create role supabase_auth_admin login noinherit createrole;
  end if;
end
$roles$;

-- Supabase 20230529180330_alter_api_roles_for_inherit: the API roles inherit today
alter role anon inherit;
alter role authenticated inherit;
alter role service_role inherit bypassrls;
alter role authenticator noinherit login;

grant anon, authenticated, service_role to authenticator;

-- Supabase's per-role statement timeouts. PostgREST >= 11 applies these with set_config when it
-- switches role; they have no effect on a plain SET ROLE. authenticator's own 8 s timeout is left out
-- on purpose: it would apply to every gateway connection at login and make heavy tests flaky on a
-- shared 2-core machine (docs/database-harness.md).
alter role anon set statement_timeout = '3s';
alter role authenticated set statement_timeout = '8s';
