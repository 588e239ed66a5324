-- supabase/local/10_auth.sql
-- Why: policies, the seed and the access token hook use auth.users and auth.uid()/auth.role()/
-- auth.jwt(). On Supabase, GoTrue owns this schema; on vanilla PostgreSQL 15 this file recreates the
-- part the database sees, with the same names, types and behaviour (reference section 2.1 and 2.4).
-- Applied ONLY outside Supabase. Idempotent.
create schema if not exists auth authorization supabase_auth_admin;
create schema if not exists extensions;

-- GoTrue's table, columns as GoTrue's migrations leave them (a subset the project can rely on).
create table if not exists auth.users (
  instance_id          uuid,
  id                   uuid         not null,
  aud                  varchar(255),
  role                 varchar(255),
  email                varchar(255),
  encrypted_password   varchar(255),
  email_confirmed_at   timestamptz,
  invited_at           timestamptz,
  confirmation_token   varchar(255),
  confirmation_sent_at timestamptz,
  recovery_token       varchar(255),
  recovery_sent_at     timestamptz,
  email_change         varchar(255),
  email_change_sent_at timestamptz,
  last_sign_in_at      timestamptz,
  raw_app_meta_data    jsonb,
  raw_user_meta_data   jsonb,
  is_super_admin       boolean,
  created_at           timestamptz,
  updated_at           timestamptz,
  phone                text         default null,
  phone_confirmed_at   timestamptz,
  confirmed_at         timestamptz generated always as (least(email_confirmed_at, phone_confirmed_at)) stored,
  banned_until         timestamptz,
  deleted_at           timestamptz,
  is_sso_user          boolean      not null default false,
  is_anonymous         boolean      not null default false,
  constraint users_pkey primary key (id),
  constraint users_phone_key unique (phone)
);
create unique index if not exists users_email_partial_key on auth.users (email) where (is_sso_user = false);
create index if not exists users_instance_id_idx on auth.users (instance_id);
alter table auth.users owner to supabase_auth_admin;

-- The four helpers exactly as GoTrue defines them today (20240624145325_recreate_auth_functions):
-- the legacy per-claim GUC first (PostgREST < 12), then request.jwt.claims; '' counts as unset.
create or replace function auth.uid() returns uuid
  language sql stable
  set search_path to ''
as $$
  select coalesce(
    nullif(current_setting('request.jwt.claim.sub', true), ''),
    (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub')
  )::uuid
$$;
comment on function auth.uid() is 'Deprecated. Use auth.jwt() -> ''sub'' instead.';

create or replace function auth.role() returns text
  language sql stable
  set search_path to ''
as $$
  select coalesce(
    nullif(current_setting('request.jwt.claim.role', true), ''),
    (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'role')
  )::text
$$;
comment on function auth.role() is 'Deprecated. Use auth.jwt() -> ''role'' instead.';

create or replace function auth.email() returns text
  language sql stable
  set search_path to ''
as $$
  select coalesce(
    nullif(current_setting('request.jwt.claim.email', true), ''),
    (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'email')
  )::text
$$;
comment on function auth.email() is 'Deprecated. Use auth.jwt() -> ''email'' instead.';

create or replace function auth.jwt() returns jsonb
  language sql stable
  set search_path to ''
as $$
  select coalesce(
    nullif(current_setting('request.jwt.claim', true), ''),
    nullif(current_setting('request.jwt.claims', true), '')
  )::jsonb
$$;

alter function auth.uid() owner to supabase_auth_admin;
alter function auth.role() owner to supabase_auth_admin;
alter function auth.email() owner to supabase_auth_admin;
alter function auth.jwt() owner to supabase_auth_admin;

grant usage on schema auth to anon, authenticated, service_role;
grant all on schema auth to supabase_auth_admin;
grant all on all tables in schema auth to supabase_auth_admin;
