-- Rollback of 20261205080000_users_membership_probe.sql: users_select asks for the membership with
-- the hashed subquery again (its USING expression exactly as 20261205040000 left it).

alter policy users_select on public.users
  using (
((id = ( SELECT COALESCE((NULLIF(current_setting('app.scope_uid'::text, true), ''::text))::uuid, auth.uid()) AS "coalesce")) OR (id IN ( SELECT unnest(( SELECT COALESCE((NULLIF(current_setting('app.scope_staff_people'::text, true), ''::text))::uuid[], NULL::uuid[]) AS "coalesce")) AS unnest)) OR (( SELECT (NULLIF(current_setting('app.scope_staff_people'::text, true), ''::text) IS NULL)) AND ((org_id IN ( SELECT unnest(( SELECT COALESCE(((NULLIF(current_setting('app.scope_coordinator'::text, true), ''::text))::uuid[] || (NULLIF(current_setting('app.scope_admin'::text, true), ''::text))::uuid[]), app.staff_org_ids()) AS "coalesce")) AS unnest)) OR (id IN ( SELECT m.user_id
   FROM public.org_memberships m
  WHERE (m.org_id IN ( SELECT unnest(( SELECT COALESCE(((NULLIF(current_setting('app.scope_coordinator'::text, true), ''::text))::uuid[] || (NULLIF(current_setting('app.scope_admin'::text, true), ''::text))::uuid[]), app.staff_org_ids()) AS "coalesce")) AS unnest)))))))
);
