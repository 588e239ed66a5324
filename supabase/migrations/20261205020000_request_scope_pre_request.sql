-- 20261205020000_request_scope_pre_request.sql
-- Why (attack finding 2, timing side channel across organisations): a filter on a leakproof
-- comparison (`email = 'x'`, `org_id = ... and activity_date = d`) may be evaluated before the RLS
-- qual, and the policies' helpers (app.staff_org_ids() and friends) are InitPlans that PostgreSQL
-- evaluates lazily, when the first row reaches the qual. A request whose filter matched only
-- invisible rows paid for computing the caller's organisation sets; a request that matched nothing
-- did not: "a hidden row matches" was measurably slower (docs/hardening.md, item 2).
-- Fix: the sets are computed once per request BEFORE the query runs, by app.pre_request(), which
-- PostgREST (and the local gateway) call as `db-pre-request` right after the request's role and
-- claims are set. It stores each set in a transaction-local setting (`app.scope_<name>`), and the
-- helpers return the stored set when it is there; what is left inside the query is a short, fixed
-- piece of work (read a setting, check its tag, parse a small array), the same whether or not a
-- hidden row matched. Without a pre-request (direct SQL sessions, RPC bodies run by other tools,
-- a PostgREST that is not configured) the helpers compute the sets as before: same answers.
--
-- A stored set is trusted only when it was made for this very caller in this very transaction by
-- app.pre_request(): its value is `<name>|<auth.uid()>|<array>|<tag>`, where the tag is a keyed
-- SHA-256 (HMAC's nested form, sha256(k || sha256(k || m))) over the value and what binds it (the
-- role, the request's claims, the legacy sub setting and the transaction's start), under a random
-- key in app.request_scope_key that only the SECURITY DEFINER functions here can read. A setting
-- written by hand (forged, or another set's value renamed), left from another caller (claims
-- switched inside a transaction) or from an earlier transaction (session-level set_config) fails
-- the check, and the helper computes the set itself.
-- Writes that can change a caller's scope (org_memberships, organisation_closure, users) clear the
-- stored sets for the rest of the transaction, so an RPC or a direct SQL session that writes them
-- and reads afterwards sees what the fallback would compute.
--
-- users_select is unchanged: its membership branch (`id in (select m.user_id ... where m.org_id in
-- staff)`) is a hash over the memberships of the caller's staff organisations, built when a row first
-- reaches it. A per-row EXISTS instead would make that part independent of the caller's scope, but
-- measured at NHF size it made a coordinator's count of all users 8 times slower (134 -> 1,095 ms
-- under load), so the hash stays (docs/hardening.md, item 2).
--
-- Replaces (create or replace; the rollback restores the current bodies): app.org_ids_with_role,
-- app.admin_org_ids, app.staff_org_ids, app.visible_org_ids, app.lineage_org_ids. Adds app.request_scope_key, app.request_scope_set, app.pre_request,
-- app.clear_request_scope, app.clear_request_scope_on_write and the statement triggers
-- <table>_clear_request_scope.
-- Real Supabase / PostgREST: PostgREST reads `pgrst.db_pre_request` from the authenticator role's
-- settings (in-database configuration); this migration sets it when the role exists and asks
-- PostgREST to reload its configuration (NOTIFY pgrst, 'reload config').
-- Idempotent.

-- ---------------------------------------------------------------------------------------------
-- The key of the tags. Readable only by the owner of the functions below (not by any API role).
-- ---------------------------------------------------------------------------------------------
create table if not exists app.request_scope_key (
  id  boolean not null default true,
  key bytea   not null,
  constraint request_scope_key_pkey primary key (id),
  constraint request_scope_key_one_row_check check (id)
);
comment on table app.request_scope_key is
  'One random key: tags the per-request organisation sets of app.pre_request() so that a hand-made '
  'or stale app.scope_* setting is never trusted. Never readable by API roles.';
revoke all on app.request_scope_key from public, anon, authenticated, service_role;
insert into app.request_scope_key (id, key)
values (true, pg_catalog.sha256(pg_catalog.convert_to(
          gen_random_uuid()::text || gen_random_uuid()::text || gen_random_uuid()::text
          || pg_catalog.clock_timestamp()::text, 'UTF8')))
on conflict (id) do nothing;

-- The stored set `p_name` when it is present and was made for this caller in this transaction;
-- else null (the helper then computes the set). A stored value is `<name>|<auth.uid()>|<array>|<tag>`
-- with tag = hex(sha256(k || sha256(k || utf8(<name>|<auth.uid()>|<array> || <binding>)))), where the
-- binding is `|<role>|<request.jwt.claims>|<request.jwt.claim.sub>|<transaction start>`: the same
-- formula as in app.pre_request(). Everything is inline (no further function calls): this runs
-- inside the query, so it must be short and cost the same every time.
create or replace function app.request_scope_set(p_name text)
  returns uuid[]
  language plpgsql stable security definer
  set search_path = ''
as $$
declare
  v_value text := pg_catalog.current_setting('app.scope_' || p_name, true);
  v_body text;
  v_key bytea;
begin
  if v_value is null or pg_catalog.length(v_value) < 66
     or pg_catalog.left(v_value, pg_catalog.length(p_name) + 1) <> p_name || '|' then
    return null;
  end if;
  v_body := pg_catalog.left(v_value, -65);
  select k.key into v_key from app.request_scope_key k where k.id;
  if pg_catalog.right(v_value, 65) is distinct from
       '|' || pg_catalog.encode(pg_catalog.sha256(v_key || pg_catalog.sha256(v_key || pg_catalog.convert_to(
         v_body || '|' || pg_catalog.current_setting('role')
         || '|' || coalesce(pg_catalog.current_setting('request.jwt.claims', true), '')
         || '|' || coalesce(pg_catalog.current_setting('request.jwt.claim.sub', true), '')
         || '|' || extract(epoch from pg_catalog.now())::text, 'UTF8'))), 'hex') then
    return null;
  end if;
  return pg_catalog.substr(v_body, pg_catalog.strpos(v_body, '|{') + 1)::uuid[];
end
$$;
comment on function app.request_scope_set(text) is
  'The caller''s organisation set `p_name` as app.pre_request() stored it for this caller and '
  'transaction, or null when absent, forged or stale.';
revoke execute on function app.request_scope_set(text) from public, anon, authenticated, service_role;

-- ---------------------------------------------------------------------------------------------
-- The helpers: the stored set when present, else computed exactly as before.
-- ---------------------------------------------------------------------------------------------
create or replace function app.org_ids_with_role(p_roles text[])
  returns uuid[]
  language plpgsql stable security definer
  set search_path = ''
as $$
declare
  v_all uuid[] := '{}';
  v_part uuid[];
  v_role text;
begin
  -- the three roles a membership can have (org_memberships_role_check); any other role adds nothing
  foreach v_role in array coalesce(p_roles, '{}') loop
    if v_role in ('peer_mentor', 'coordinator', 'org_admin') then
      v_part := app.request_scope_set(v_role);
      if v_part is null then
        v_all := null;
        exit;
      end if;
      v_all := v_all || v_part;
    end if;
  end loop;
  if v_all is not null then
    if pg_catalog.cardinality(v_all) < 2 then
      return v_all;
    end if;
    return (select coalesce(pg_catalog.array_agg(distinct x), '{}') from pg_catalog.unnest(v_all) as x);
  end if;
  return (select coalesce(pg_catalog.array_agg(distinct m.org_id), '{}')
            from public.org_memberships m
            join public.users u on u.id = m.user_id
           where m.user_id = (select auth.uid())
             and m.role = any (p_roles)
             and u.status = 'active');
end
$$;
comment on function app.org_ids_with_role(text[]) is
  'Orgs where the caller holds one of the roles (no subtree expansion). Empty for anon and for '
  'inactive or suspended people. Read from the request''s stored scope when app.pre_request() ran.';

create or replace function app.admin_org_ids()
  returns uuid[]
  language plpgsql stable security definer
  set search_path = ''
as $$
begin
  return coalesce(app.request_scope_set('admin'),
                  (select coalesce(pg_catalog.array_agg(distinct c.descendant_id), '{}')
                     from public.organisation_closure c
                    where c.ancestor_id = any (app.org_ids_with_role(array['org_admin']))));
end
$$;
comment on function app.admin_org_ids() is
  'Closure subtree of every org where the caller is org_admin. Read from the request''s stored '
  'scope when app.pre_request() ran.';

create or replace function app.staff_org_ids()
  returns uuid[]
  language plpgsql stable security definer
  set search_path = ''
as $$
begin
  return coalesce(app.request_scope_set('staff'),
                  (select coalesce(pg_catalog.array_agg(distinct x), '{}')
                     from pg_catalog.unnest(app.coordinator_org_ids() || app.admin_org_ids()) as x));
end
$$;
comment on function app.staff_org_ids() is
  'Coordinator orgs + admin subtrees: the orgs whose activity, proxy, reimbursement and certification '
  'rows the caller may see. Read from the request''s stored scope when app.pre_request() ran.';

create or replace function app.visible_org_ids()
  returns uuid[]
  language plpgsql stable security definer
  set search_path = ''
as $$
begin
  return coalesce(app.request_scope_set('visible'),
                  (select coalesce(pg_catalog.array_agg(distinct x), '{}')
                     from pg_catalog.unnest(app.org_ids_with_role(array['peer_mentor', 'coordinator', 'org_admin'])
                                            || app.admin_org_ids()) as x));
end
$$;
comment on function app.visible_org_ids() is
  'Member orgs + admin subtrees: organisation rows the caller may see. Read from the request''s '
  'stored scope when app.pre_request() ran.';

create or replace function app.lineage_org_ids()
  returns uuid[]
  language plpgsql stable security definer
  set search_path = ''
as $$
begin
  return coalesce(app.request_scope_set('lineage'),
                  (select coalesce(pg_catalog.array_agg(distinct c.ancestor_id), '{}')
                     from public.organisation_closure c
                    where c.descendant_id = any (app.visible_org_ids())));
end
$$;
comment on function app.lineage_org_ids() is
  'Visible orgs and all their ancestors (activity types defined at a region or national level). '
  'Read from the request''s stored scope when app.pre_request() ran.';

-- ---------------------------------------------------------------------------------------------
-- The pre-request function
-- ---------------------------------------------------------------------------------------------
create or replace function app.clear_request_scope()
  returns void
  language plpgsql volatile
  set search_path = ''
as $$
declare
  v_name text;
begin
  foreach v_name in array array['peer_mentor', 'coordinator', 'org_admin', 'admin', 'staff', 'visible', 'lineage'] loop
    if pg_catalog.current_setting('app.scope_' || v_name, true) <> '' then
      perform pg_catalog.set_config('app.scope_' || v_name, '', true);
    end if;
  end loop;
end
$$;
comment on function app.clear_request_scope() is
  'Forgets the organisation sets app.pre_request() stored for this transaction.';
revoke execute on function app.clear_request_scope() from public, anon, authenticated, service_role;

create or replace function app.pre_request()
  returns void
  language plpgsql volatile security definer
  set search_path = ''
as $$
declare
  v_uid uuid;
  v_peer uuid[];
  v_coordinator uuid[];
  v_admin_roots uuid[];
  v_member uuid[];
  v_admin uuid[];
  v_name text;
  v_value text;
  v_set uuid[];
  v_key bytea;
  v_binding text;
begin
  perform app.clear_request_scope();
  begin
    v_uid := (select auth.uid());
  exception when invalid_text_representation then
    return; -- a `sub` that is no uuid: the policies raise it themselves where they use it
  end;
  if v_uid is null or app.caller_bypasses_rls() then
    return; -- anon and service_role: no policy asks for these sets
  end if;
  -- the caller's memberships, as app.org_ids_with_role computes them (active people only)
  select coalesce(pg_catalog.array_agg(distinct m.org_id) filter (where m.role = 'peer_mentor'), '{}'),
         coalesce(pg_catalog.array_agg(distinct m.org_id) filter (where m.role = 'coordinator'), '{}'),
         coalesce(pg_catalog.array_agg(distinct m.org_id) filter (where m.role = 'org_admin'), '{}'),
         coalesce(pg_catalog.array_agg(distinct m.org_id), '{}')
    into v_peer, v_coordinator, v_admin_roots, v_member
    from public.org_memberships m
    join public.users u on u.id = m.user_id
   where m.user_id = v_uid
     and u.status = 'active';
  select coalesce(pg_catalog.array_agg(distinct c.descendant_id), '{}') into v_admin
    from public.organisation_closure c
   where c.ancestor_id = any (v_admin_roots);
  select k.key into v_key from app.request_scope_key k where k.id;
  -- what ties a stored set to this caller and transaction (checked by app.request_scope_set)
  v_binding := '|' || pg_catalog.current_setting('role')
               || '|' || coalesce(pg_catalog.current_setting('request.jwt.claims', true), '')
               || '|' || coalesce(pg_catalog.current_setting('request.jwt.claim.sub', true), '')
               || '|' || extract(epoch from pg_catalog.now())::text;
  foreach v_name in array array['peer_mentor', 'coordinator', 'org_admin', 'admin', 'staff', 'visible', 'lineage'] loop
    if v_name = 'peer_mentor' then
      v_set := v_peer;
    elsif v_name = 'coordinator' then
      v_set := v_coordinator;
    elsif v_name = 'org_admin' then
      v_set := v_admin_roots;
    elsif v_name = 'admin' then
      v_set := v_admin;
    elsif v_name = 'staff' then
      select coalesce(pg_catalog.array_agg(distinct x), '{}') into v_set
        from pg_catalog.unnest(v_coordinator || v_admin) as x;
    elsif v_name = 'visible' then
      select coalesce(pg_catalog.array_agg(distinct x), '{}') into v_set
        from pg_catalog.unnest(v_member || v_admin) as x;
    else
      -- ancestors of the visible orgs: those of the member orgs plus the admin subtrees themselves
      -- (every org of a subtree has its root's ancestors and the subtree between them; the closure
      -- holds each org with depth 0)
      select coalesce(pg_catalog.array_agg(distinct x), '{}') into v_set
        from (select c.ancestor_id as x
                from public.organisation_closure c
               where c.descendant_id = any (v_member)
              union all
              select pg_catalog.unnest(v_admin)) as lineage;
    end if;
    v_value := v_name || '|' || v_uid::text || '|' || v_set::text;
    perform pg_catalog.set_config('app.scope_' || v_name, v_value || '|' || pg_catalog.encode(pg_catalog.sha256(
      v_key || pg_catalog.sha256(v_key || pg_catalog.convert_to(v_value || v_binding, 'UTF8'))), 'hex'), true);
  end loop;
end
$$;
comment on function app.pre_request() is
  'PostgREST db-pre-request: computes the caller''s organisation sets once per request, before the '
  'query, so the RLS helpers cost the same whether or not a hidden row matches (docs/hardening.md).';
revoke execute on function app.pre_request() from public;
grant execute on function app.pre_request() to anon, authenticated, service_role;

-- ---------------------------------------------------------------------------------------------
-- Writes that can change a caller's scope forget the stored sets for the rest of the transaction.
-- ---------------------------------------------------------------------------------------------
create or replace function app.clear_request_scope_on_write()
  returns trigger
  language plpgsql security definer
  set search_path = ''
as $$
begin
  perform app.clear_request_scope();
  return null;
end
$$;
comment on function app.clear_request_scope_on_write() is
  'AFTER statement trigger: memberships, the closure or a person''s status changed, so the sets '
  'app.pre_request() stored no longer hold; the helpers compute them again.';
revoke execute on function app.clear_request_scope_on_write() from public, anon, authenticated, service_role;

create or replace trigger org_memberships_clear_request_scope
  after insert or update or delete or truncate on public.org_memberships
  for each statement execute function app.clear_request_scope_on_write();
create or replace trigger organisation_closure_clear_request_scope
  after insert or update or delete or truncate on public.organisation_closure
  for each statement execute function app.clear_request_scope_on_write();
create or replace trigger users_clear_request_scope
  after insert or update or delete or truncate on public.users
  for each statement execute function app.clear_request_scope_on_write();

-- ---------------------------------------------------------------------------------------------
-- PostgREST's in-database configuration (real Supabase): call app.pre_request() on every request.
-- ---------------------------------------------------------------------------------------------
do $$
begin
  if exists (select from pg_catalog.pg_roles where rolname = 'authenticator') then
    begin
      alter role authenticator set pgrst.db_pre_request = 'app.pre_request';
      notify pgrst, 'reload config';
    exception when insufficient_privilege then
      raise warning 'cannot set pgrst.db_pre_request on authenticator (%): configure PostgREST''s '
                    'db-pre-request = "app.pre_request" yourself', sqlerrm;
    end;
  end if;
end
$$;
