-- 20261123001400_custom_access_token_hook.sql
-- Why (DESIGN §4): the SDK fails fast on a wrong organisation (IDOR guard) by reading organisation
-- claims from the access token. Supabase Auth calls this Custom Access Token Hook (config.toml
-- [auth.hook.custom_access_token], uri pg-functions://postgres/public/custom_access_token_hook) with
-- {user_id, claims, authentication_method} and uses the returned {claims}. It adds to app_metadata:
--   organisation_id  : users.org_id (primary chapter) or null
--   organisation_ids : every org where the user holds a role, sorted
--   org_roles        : {"<org uuid>": ["coordinator", ...], ...}, roles sorted
-- Existing app_metadata keys are kept. The claims are a convenience for the client only: RLS never
-- reads them (policies read org_memberships), so a stale token cannot widen access.
-- Security: the hook is executable by supabase_auth_admin only (revoked from public, anon,
-- authenticated, service_role); it is SECURITY INVOKER and reads through app.token_claims(), a
-- SECURITY DEFINER helper in the non-exposed schema app, executable by supabase_auth_admin only.
-- Idempotent.

create or replace function app.token_claims(p_user_id uuid)
  returns jsonb
  language sql
  stable
  security definer
  set search_path = ''
as $$
  select jsonb_build_object(
    'organisation_id', (select u.org_id from public.users u where u.id = p_user_id),
    'organisation_ids', coalesce((select jsonb_agg(x.org_id order by x.org_id)
                                    from (select distinct m.org_id from public.org_memberships m
                                           where m.user_id = p_user_id) x), '[]'::jsonb),
    'org_roles', coalesce((select jsonb_object_agg(r.org_id, r.roles)
                             from (select m.org_id, jsonb_agg(m.role order by m.role) as roles
                                     from public.org_memberships m
                                    where m.user_id = p_user_id
                                    group by m.org_id) r), '{}'::jsonb))
$$;
comment on function app.token_claims(uuid) is
  'organisation_id, organisation_ids and org_roles of a user, for the access token hook.';
revoke execute on function app.token_claims(uuid) from public, anon, authenticated, service_role;
grant usage on schema app to supabase_auth_admin;
grant execute on function app.token_claims(uuid) to supabase_auth_admin;

create or replace function public.custom_access_token_hook(event jsonb)
  returns jsonb
  language plpgsql
  stable
  security invoker
  set search_path = ''
as $$
declare
  v_claims jsonb;
  v_user_id uuid;
begin
  v_claims := coalesce(event -> 'claims', '{}'::jsonb);
  v_user_id := nullif(event ->> 'user_id', '')::uuid;
  if v_user_id is null then
    return jsonb_build_object('claims', v_claims);
  end if;
  v_claims := jsonb_set(v_claims, '{app_metadata}',
                        case when jsonb_typeof(v_claims -> 'app_metadata') = 'object'
                             then v_claims -> 'app_metadata' else '{}'::jsonb end
                        || app.token_claims(v_user_id));
  return jsonb_build_object('claims', v_claims);
end
$$;
comment on function public.custom_access_token_hook(jsonb) is
  'Supabase Custom Access Token Hook: adds app_metadata.organisation_id, organisation_ids, org_roles.';
revoke execute on function public.custom_access_token_hook(jsonb) from public, anon, authenticated, service_role;
grant execute on function public.custom_access_token_hook(jsonb) to supabase_auth_admin;
