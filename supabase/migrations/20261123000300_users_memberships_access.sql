-- 20261123000300_users_memberships_access.sql
-- Why: who may see what is decided by org_memberships (a person may hold several roles in several
-- chapters: the multi-chapter peer mentor). This migration creates users and org_memberships, the
-- access helpers in `app` that every policy calls, and the policies of the four tenancy tables.
--
-- Helpers: STABLE, SECURITY DEFINER (they read org_memberships/organisation_closure regardless of the
-- caller's RLS, which would otherwise recurse), `set search_path = ''`, returning uuid[] so that a
-- policy written as `org_id = any ((select app.staff_org_ids())::uuid[])` is evaluated once per statement
-- as an InitPlan and used as an index condition (DESIGN §4 measured 52 ms vs 152 ms vs minutes).
-- Scopes:
--   member orgs      : every org where the caller holds any role
--   coordinator orgs : orgs where the caller is coordinator
--   admin orgs       : the closure subtree of every org where the caller is org_admin
--   staff orgs       : coordinator orgs + admin orgs (may see everybody's activity rows there)
--   visible orgs     : member orgs + admin orgs (may see the organisation row)
-- A suspended user (users.status = 'suspended') has no scope at all.
-- Policies are `to authenticated` and there is exactly one permissive policy per action, so anon
-- sees nothing and splinter's multiple_permissive_policies stays quiet.
-- Idempotent.

create table if not exists public.users (
  id         uuid        not null,
  org_id     uuid        not null,
  full_name  text        not null,
  email      text,
  status     text        not null default 'active',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint users_pkey primary key (id),
  constraint users_id_fkey foreign key (id) references auth.users (id) on delete cascade,
  constraint users_org_id_fkey foreign key (org_id) references public.organisations (id) on delete restrict,
  constraint users_status_check check (status in ('active', 'inactive', 'suspended')),
  constraint users_full_name_check check (length(btrim(full_name)) between 1 and 200)
);
comment on table public.users is
  'Profile of an auth.users row: primary chapter (org_id), name and status. Roles are in org_memberships.';
comment on column public.users.org_id is 'Primary chapter; the token claim app_metadata.organisation_id.';
create index if not exists users_org_id_status_idx on public.users (org_id, status);
alter table public.users enable row level security;
-- TRUNCATE ignores RLS; Supabase's default grants include it (rev-db R5)
revoke truncate on public.users from anon, authenticated;

create table if not exists public.org_memberships (
  id         uuid        not null default gen_random_uuid(),
  user_id    uuid        not null,
  org_id     uuid        not null,
  role       text        not null,
  created_at timestamptz not null default now(),
  constraint org_memberships_pkey primary key (id),
  constraint org_memberships_user_id_fkey foreign key (user_id) references public.users (id) on delete cascade,
  constraint org_memberships_org_id_fkey foreign key (org_id) references public.organisations (id) on delete cascade,
  constraint org_memberships_role_check check (role in ('peer_mentor', 'coordinator', 'org_admin')),
  constraint org_memberships_user_org_role_key unique (user_id, org_id, role)
);
comment on table public.org_memberships is
  'Roles of a person per organisation. A peer mentor may hold peer_mentor in several chapters and is '
  'still counted once in every report. org_admin covers the whole subtree (organisation_closure).';
create index if not exists org_memberships_org_id_role_user_id_idx on public.org_memberships (org_id, role, user_id);
alter table public.org_memberships enable row level security;
-- TRUNCATE ignores RLS; Supabase's default grants include it (rev-db R5)
revoke truncate on public.org_memberships from anon, authenticated;

create or replace trigger users_set_updated_at
  before update on public.users
  for each row execute function app.set_updated_at();

-- ---------------------------------------------------------------------------------------------
-- Access helpers
-- ---------------------------------------------------------------------------------------------
create or replace function app.org_ids_with_role(p_roles text[])
  returns uuid[]
  language sql stable security definer
  set search_path = ''
as $$
  select coalesce(array_agg(distinct m.org_id), '{}')
    from public.org_memberships m
    join public.users u on u.id = m.user_id
   where m.user_id = (select auth.uid())
     and m.role = any (p_roles)
     and u.status <> 'suspended'
$$;
comment on function app.org_ids_with_role(text[]) is
  'Orgs where the caller holds one of the roles (no subtree expansion). Empty for anon/suspended.';

create or replace function app.admin_org_ids()
  returns uuid[]
  language sql stable security definer
  set search_path = ''
as $$
  select coalesce(array_agg(distinct c.descendant_id), '{}')
    from public.organisation_closure c
   where c.ancestor_id = any (app.org_ids_with_role(array['org_admin']))
$$;
comment on function app.admin_org_ids() is 'Closure subtree of every org where the caller is org_admin.';

create or replace function app.coordinator_org_ids()
  returns uuid[]
  language sql stable security definer
  set search_path = ''
as $$
  select app.org_ids_with_role(array['coordinator'])
$$;
comment on function app.coordinator_org_ids() is 'Orgs where the caller is coordinator.';

create or replace function app.staff_org_ids()
  returns uuid[]
  language sql stable security definer
  set search_path = ''
as $$
  select coalesce(array_agg(distinct x), '{}')
    from unnest(app.coordinator_org_ids() || app.admin_org_ids()) as x
$$;
comment on function app.staff_org_ids() is
  'Coordinator orgs + admin subtrees: the orgs whose activity, proxy, reimbursement and certification '
  'rows the caller may see.';

create or replace function app.visible_org_ids()
  returns uuid[]
  language sql stable security definer
  set search_path = ''
as $$
  select coalesce(array_agg(distinct x), '{}')
    from unnest(app.org_ids_with_role(array['peer_mentor', 'coordinator', 'org_admin'])
                || app.admin_org_ids()) as x
$$;
comment on function app.visible_org_ids() is 'Member orgs + admin subtrees: organisation rows the caller may see.';

create or replace function app.lineage_org_ids()
  returns uuid[]
  language sql stable security definer
  set search_path = ''
as $$
  select coalesce(array_agg(distinct c.ancestor_id), '{}')
    from public.organisation_closure c
   where c.descendant_id = any (app.visible_org_ids())
$$;
comment on function app.lineage_org_ids() is
  'Visible orgs and all their ancestors (activity types defined at a region or national level).';

create or replace function app.is_org_member(p_org_id uuid, p_roles text[])
  returns boolean
  language sql stable security definer
  set search_path = ''
as $$
  select p_org_id = any (app.org_ids_with_role(p_roles))
$$;
comment on function app.is_org_member(uuid, text[]) is 'Whether the caller holds one of the roles in the org.';

create or replace function app.get_user_organisation_id()
  returns uuid
  language sql stable security definer
  set search_path = ''
as $$
  select u.org_id from public.users u where u.id = (select auth.uid())
$$;
comment on function app.get_user_organisation_id() is 'Primary chapter of the caller (users.org_id).';

create or replace function app.user_holds_role(p_user_id uuid, p_org_id uuid, p_role text)
  returns boolean
  language sql stable security definer
  set search_path = ''
as $$
  select exists (select 1 from public.org_memberships m
                  where m.user_id = p_user_id and m.org_id = p_org_id and m.role = p_role)
$$;
comment on function app.user_holds_role(uuid, uuid, text) is
  'Whether a given user holds the role in the org; used by attribution triggers.';

-- The caller's role is read from the `role` setting (what SET [LOCAL] ROLE / PostgREST chose), not from
-- current_user, so the answer is the same inside a SECURITY DEFINER function (where current_user is the
-- owner) as outside it; without SET ROLE it is the login role (session_user).
create or replace function app.caller_bypasses_rls()
  returns boolean
  language sql stable
  set search_path = ''
as $$
  select coalesce((select r.rolsuper or r.rolbypassrls from pg_catalog.pg_roles r
                    where r.rolname = coalesce(nullif(current_setting('role'), 'none'), session_user::text)),
                  false)
$$;
comment on function app.caller_bypasses_rls() is
  'True when the calling role (SET ROLE, else the login role) is a superuser or has BYPASSRLS '
  '(service_role): RPCs skip their own scope checks for it, as RLS does.';

-- Same-organisation triggers run BEFORE RLS's checks. For a row in an organisation the caller cannot
-- see at all, RLS will refuse it (42501) anyway; a trigger that checked "does this person hold that
-- role there" first would answer that question across the organisation boundary (rev-db finding R6).
-- So every such trigger asks this first and leaves those rows to RLS; service_role/superuser rows are
-- always checked.
create or replace function app.row_left_to_rls(p_org_id uuid)
  returns boolean
  language sql stable
  set search_path = ''
as $$
  select not app.caller_bypasses_rls() and not (p_org_id = any (app.visible_org_ids()))
$$;
comment on function app.row_left_to_rls(uuid) is
  'True when a row of p_org_id lies outside everything the caller may see: same-org triggers skip '
  'it so that RLS refuses it without revealing memberships of another organisation.';
revoke execute on function app.row_left_to_rls(uuid) from public, anon, authenticated;

revoke execute on function app.user_holds_role(uuid, uuid, text) from public, anon, authenticated;

-- ---------------------------------------------------------------------------------------------
-- Policies
-- ---------------------------------------------------------------------------------------------
drop policy if exists organisations_select on public.organisations;
-- parent_id: a row an admin has just inserted under its subtree must pass this policy too (INSERT ...
-- RETURNING, PostgREST's return=representation) before the AFTER trigger adds its closure rows.
create policy organisations_select on public.organisations for select to authenticated
  using (id = any ((select app.visible_org_ids())::uuid[])
         or parent_id = any ((select app.admin_org_ids())::uuid[]));
drop policy if exists organisations_insert on public.organisations;
create policy organisations_insert on public.organisations for insert to authenticated
  with check (parent_id = any ((select app.admin_org_ids())::uuid[]));
drop policy if exists organisations_update on public.organisations;
create policy organisations_update on public.organisations for update to authenticated
  using (id = any ((select app.admin_org_ids())::uuid[]))
  with check (id = any ((select app.admin_org_ids())::uuid[]));
drop policy if exists organisations_delete on public.organisations;
create policy organisations_delete on public.organisations for delete to authenticated
  using (id = any ((select app.admin_org_ids())::uuid[]) and parent_id = any ((select app.admin_org_ids())::uuid[]));
-- Re-parenting moves data between organisations: only service_role may do it. Admins rename.
revoke update on public.organisations from anon, authenticated;
grant update (name) on public.organisations to authenticated;

drop policy if exists organisation_closure_select on public.organisation_closure;
create policy organisation_closure_select on public.organisation_closure for select to authenticated
  using (descendant_id = any ((select app.visible_org_ids())::uuid[]));
revoke insert, update, delete, truncate on public.organisation_closure from anon, authenticated;

-- SELECT policies that OR "own row" with "staff of the org" are evaluated per row (never an index
-- condition), so they use IN (subquery), a hashed SubPlan built once per statement, instead of
-- = any(<array>), which costs O(array length) per row. Measured at NHF size as the national admin,
-- `select count(*) from users where status = 'active'` (card 003's HEAD count): 246-312 ms -> 36-64 ms.
drop policy if exists users_select on public.users;
create policy users_select on public.users for select to authenticated
  using (id = (select auth.uid())
         or org_id in (select unnest((select app.staff_org_ids())))
         or id in (select m.user_id from public.org_memberships m
                    where m.org_id in (select unnest((select app.staff_org_ids())))));
drop policy if exists users_insert on public.users;
create policy users_insert on public.users for insert to authenticated
  with check (org_id = any ((select app.admin_org_ids())::uuid[]));
drop policy if exists users_update on public.users;
create policy users_update on public.users for update to authenticated
  using (id = (select auth.uid()) or org_id = any ((select app.admin_org_ids())::uuid[]))
  with check (id = (select auth.uid()) or org_id = any ((select app.admin_org_ids())::uuid[]));
drop policy if exists users_delete on public.users;
create policy users_delete on public.users for delete to authenticated
  using (org_id = any ((select app.admin_org_ids())::uuid[]));
-- A person may edit their name; status and primary chapter change through an admin (service side).
revoke update on public.users from anon, authenticated;
grant update (full_name, email) on public.users to authenticated;

drop policy if exists org_memberships_select on public.org_memberships;
create policy org_memberships_select on public.org_memberships for select to authenticated
  using (user_id = (select auth.uid()) or org_id in (select unnest((select app.staff_org_ids()))));
drop policy if exists org_memberships_insert on public.org_memberships;
create policy org_memberships_insert on public.org_memberships for insert to authenticated
  with check (org_id = any ((select app.admin_org_ids())::uuid[]));
drop policy if exists org_memberships_update on public.org_memberships;
create policy org_memberships_update on public.org_memberships for update to authenticated
  using (org_id = any ((select app.admin_org_ids())::uuid[]))
  with check (org_id = any ((select app.admin_org_ids())::uuid[]));
drop policy if exists org_memberships_delete on public.org_memberships;
create policy org_memberships_delete on public.org_memberships for delete to authenticated
  using (org_id = any ((select app.admin_org_ids())::uuid[]));
