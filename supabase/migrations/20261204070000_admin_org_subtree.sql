-- 20261204070000_admin_org_subtree.sql
-- Why (DESIGN §4, §8): the SDK's fail-fast organisation guard only knows the organisations named in the
-- access token, but an org admin may act on its whole subtree (admin.national reads Oslo's activities
-- through RLS). The guard asks the server once per token for that subtree with this function and
-- allows exactly the returned set.
-- Returns the closure subtree of every organisation where the caller holds org_admin (itself
-- included), as one uuid[] (a single value, so PostgREST's max-rows never truncates it, whatever the
-- tree's size); empty for anon, service_role (no user), users without org_admin and suspended users.
-- Security: SECURITY INVOKER; it only calls app.admin_org_ids(), the helper every admin policy uses,
-- so it reveals nothing the caller could not already read from organisation_closure under RLS.
-- STABLE, so PostgREST also serves it as a read-only GET.
-- Idempotent.

create or replace function public.admin_org_subtree()
  returns uuid[]
  language sql
  stable
  security invoker
  set search_path = ''
as $$
  select app.admin_org_ids()
$$;
comment on function public.admin_org_subtree() is
  'Organisations the caller administers: every org where it is org_admin and all their descendants.';
revoke execute on function public.admin_org_subtree() from public, anon;
grant execute on function public.admin_org_subtree() to authenticated, service_role;
