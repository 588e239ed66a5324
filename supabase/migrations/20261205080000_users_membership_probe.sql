-- 20261205080000_users_membership_probe.sql
-- Why: the timing side channel of a large scope (docs/hardening.md, item 2, "What remains"). When
-- the pre-request cannot list the people a staff scope shows (over 50 organisations, e.g. a national
-- admin) or did not run, users_select asks "is this person a member of one of my staff
-- organisations" with `id in (select m.user_id from org_memberships m where m.org_id in <staff>)`:
-- a hashed SubPlan that PostgreSQL builds lazily, on the first row that reaches that branch. Only a
-- person outside the staff organisations reaches it, so for a national admin a filter matching a
-- hidden person of ANOTHER national tree (users?email=eq.x, users?id=eq.x) built a hash of every
-- membership of the admin's subtree (52,000 rows at NHF size), and a filter matching nobody did
-- not: +28 ms (median, server side; 62 ms when first measured), visible in a handful of requests.
--
-- The membership branch is now a per-row probe: `exists (select from org_memberships m where
-- m.user_id = <this person> and m.org_id = any (<staff>) offset 0)`, one index scan of the person's
-- own memberships (org_memberships_user_org_role_key), tested by org_memberships' RLS and by a
-- linear comparison with the staff set (in the measured plans the RLS first, so only a membership
-- the caller may see is compared; `in (select unnest(...))` became a nested loop over the unnested
-- set per membership). Same answer (a person is shown when one of their memberships is in a staff
-- organisation), but the work is proportional to the rows that reach it, not to the subtree.
-- OFFSET 0 keeps PostgreSQL from turning the EXISTS back into a hashed SubPlan (convert_EXISTS_to_ANY
-- applies to an EXISTS without OFFSET (a constant LIMIT is dropped), and the planner then picks the
-- hash whenever it expects many rows, which a filter such as id=in.(<many guesses>) makes it expect).
--
-- Measured at NHF size as the national admin (subtree of 1,526 organisations, medians of 200-300
-- executions, each after the pre-request; docs/hardening.md, item 2, "A national admin"): a hidden
-- person of the other tree costs +2.9 ms over "nobody matches" (was +28 ms); what is left is
-- parsing the staff set from the setting (about 1.2 ms, once in users_select and once in
-- org_memberships' policy), the residual every org-scoped policy has for such a scope. count(*) of
-- active users as the national admin got faster (40 -> 28 ms: only the ~1,000 people outside the
-- subtree probe their memberships); the national Bufdir year is unchanged.
-- Everything else in the policy is as 20261205040000 wrote it. The rollback restores that text.
-- Idempotent.

do $$
declare
  v_using text :=
    'id = {uid} or id in (select pg_catalog.unnest({staff_people}))'
    || ' or ({staff_people_unknown} and (org_id in (select pg_catalog.unnest({staff}))'
    || ' or exists (select from public.org_memberships m'
    || ' where m.user_id = users.id and m.org_id = any ({staff}::uuid[]) offset 0)))';
begin
  v_using := pg_catalog.replace(v_using, '{staff_people_unknown}',
    '(select nullif(pg_catalog.current_setting(''app.scope_staff_people'', true), '''') is null)');
  v_using := pg_catalog.replace(v_using, '{uid}',
    '(select coalesce(nullif(pg_catalog.current_setting(''app.scope_uid'', true), '''')::uuid, auth.uid()))');
  v_using := pg_catalog.replace(v_using, '{staff_people}',
    '(select coalesce(nullif(pg_catalog.current_setting(''app.scope_staff_people'', true), '''')::uuid[],'
    || ' null::uuid[]))');
  v_using := pg_catalog.replace(v_using, '{staff}',
    '(select coalesce(nullif(pg_catalog.current_setting(''app.scope_coordinator'', true), '''')::uuid[]'
    || ' || nullif(pg_catalog.current_setting(''app.scope_admin'', true), '''')::uuid[],'
    || ' app.staff_org_ids()))');
  execute pg_catalog.format('alter policy users_select on public.users using (%s)', v_using);
end
$$;
