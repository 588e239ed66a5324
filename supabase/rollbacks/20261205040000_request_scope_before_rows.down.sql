-- Rollback of 20261205040000_request_scope_before_rows.sql: the policies read the helpers again
-- (their USING expressions exactly as before), the pre-request, its triggers and the PostgREST
-- setting are removed.

alter policy activities_delete on public.activities
  using (((org_id = ANY (( SELECT app.staff_org_ids() AS staff_org_ids)::uuid[])) OR ((peer_mentor_id = ( SELECT auth.uid() AS uid)) AND (org_id = ANY (( SELECT app.org_ids_with_role(ARRAY['peer_mentor'::text]) AS org_ids_with_role)::uuid[])))));
alter policy activities_select on public.activities
  using (((peer_mentor_id = ( SELECT auth.uid() AS uid)) OR (org_id IN ( SELECT unnest(( SELECT app.staff_org_ids() AS staff_org_ids)) AS unnest))));
alter policy activities_update on public.activities
  using (((org_id = ANY (( SELECT app.staff_org_ids() AS staff_org_ids)::uuid[])) OR ((peer_mentor_id = ( SELECT auth.uid() AS uid)) AND (org_id = ANY (( SELECT app.org_ids_with_role(ARRAY['peer_mentor'::text]) AS org_ids_with_role)::uuid[])))));
alter policy activity_types_delete on public.activity_types
  using ((org_id = ANY (( SELECT app.admin_org_ids() AS admin_org_ids)::uuid[])));
alter policy activity_types_select on public.activity_types
  using ((org_id = ANY (( SELECT app.lineage_org_ids() AS lineage_org_ids)::uuid[])));
alter policy activity_types_update on public.activity_types
  using ((org_id = ANY (( SELECT app.admin_org_ids() AS admin_org_ids)::uuid[])));
alter policy org_activity_changes_select on public.org_activity_changes
  using ((org_id = ANY (( SELECT app.visible_org_ids() AS visible_org_ids)::uuid[])));
alter policy org_memberships_delete on public.org_memberships
  using ((org_id = ANY (( SELECT app.admin_org_ids() AS admin_org_ids)::uuid[])));
alter policy org_memberships_select on public.org_memberships
  using (((user_id = ( SELECT auth.uid() AS uid)) OR (org_id IN ( SELECT unnest(( SELECT app.staff_org_ids() AS staff_org_ids)) AS unnest))));
alter policy org_memberships_update on public.org_memberships
  using ((org_id = ANY (( SELECT app.admin_org_ids() AS admin_org_ids)::uuid[])));
alter policy org_monthly_activity_counts_select on public.org_monthly_activity_counts
  using ((org_id = ANY (( SELECT app.staff_org_ids() AS staff_org_ids)::uuid[])));
alter policy organisation_closure_select on public.organisation_closure
  using ((descendant_id = ANY (( SELECT app.visible_org_ids() AS visible_org_ids)::uuid[])));
alter policy organisations_delete on public.organisations
  using (((id = ANY (( SELECT app.admin_org_ids() AS admin_org_ids)::uuid[])) AND (parent_id = ANY (( SELECT app.admin_org_ids() AS admin_org_ids)::uuid[]))));
alter policy organisations_select on public.organisations
  using (((id = ANY (( SELECT app.visible_org_ids() AS visible_org_ids)::uuid[])) OR (parent_id = ANY (( SELECT app.admin_org_ids() AS admin_org_ids)::uuid[]))));
alter policy organisations_update on public.organisations
  using ((id = ANY (( SELECT app.admin_org_ids() AS admin_org_ids)::uuid[])));
alter policy peer_mentor_certifications_delete on public.peer_mentor_certifications
  using ((org_id = ANY (( SELECT app.admin_org_ids() AS admin_org_ids)::uuid[])));
alter policy peer_mentor_certifications_select on public.peer_mentor_certifications
  using (((peer_mentor_id = ( SELECT auth.uid() AS uid)) OR (org_id IN ( SELECT unnest(( SELECT app.coordinator_org_ids() AS coordinator_org_ids)) AS unnest)) OR (org_id IN ( SELECT unnest(( SELECT app.admin_org_ids() AS admin_org_ids)) AS unnest))));
alter policy peer_mentor_certifications_update on public.peer_mentor_certifications
  using (((org_id = ANY (( SELECT app.coordinator_org_ids() AS coordinator_org_ids)::uuid[])) OR (org_id = ANY (( SELECT app.admin_org_ids() AS admin_org_ids)::uuid[]))));
alter policy proxy_activities_delete on public.proxy_activities
  using (((coordinator_id = ( SELECT auth.uid() AS uid)) AND (org_id = ANY (( SELECT app.coordinator_org_ids() AS coordinator_org_ids)::uuid[]))));
alter policy proxy_activities_select on public.proxy_activities
  using (((attributed_mentor_id = ( SELECT auth.uid() AS uid)) OR (org_id IN ( SELECT unnest(( SELECT app.staff_org_ids() AS staff_org_ids)) AS unnest))));
alter policy proxy_activities_update on public.proxy_activities
  using (((coordinator_id = ( SELECT auth.uid() AS uid)) AND (org_id = ANY (( SELECT app.coordinator_org_ids() AS coordinator_org_ids)::uuid[]))));
alter policy proxy_audit_log_select on public.proxy_audit_log
  using ((org_id = ANY (( SELECT app.staff_org_ids() AS staff_org_ids)::uuid[])));
alter policy recurring_activity_templates_delete on public.recurring_activity_templates
  using ((((coordinator_id = ( SELECT auth.uid() AS uid)) AND (org_id = ANY (( SELECT app.coordinator_org_ids() AS coordinator_org_ids)::uuid[]))) OR (org_id = ANY (( SELECT app.admin_org_ids() AS admin_org_ids)::uuid[]))));
alter policy recurring_activity_templates_select on public.recurring_activity_templates
  using ((org_id = ANY (( SELECT app.staff_org_ids() AS staff_org_ids)::uuid[])));
alter policy recurring_activity_templates_update on public.recurring_activity_templates
  using ((((coordinator_id = ( SELECT auth.uid() AS uid)) AND (org_id = ANY (( SELECT app.coordinator_org_ids() AS coordinator_org_ids)::uuid[]))) OR (org_id = ANY (( SELECT app.admin_org_ids() AS admin_org_ids)::uuid[]))));
alter policy reimbursements_delete on public.reimbursements
  using (((org_id = ANY (( SELECT app.staff_org_ids() AS staff_org_ids)::uuid[])) OR ((user_id = ( SELECT auth.uid() AS uid)) AND (status = 'pending'::text))));
alter policy reimbursements_select on public.reimbursements
  using (((user_id = ( SELECT auth.uid() AS uid)) OR (org_id IN ( SELECT unnest(( SELECT app.staff_org_ids() AS staff_org_ids)) AS unnest))));
alter policy reimbursements_update on public.reimbursements
  using ((org_id = ANY (( SELECT app.staff_org_ids() AS staff_org_ids)::uuid[])));
alter policy users_delete on public.users
  using ((org_id = ANY (( SELECT app.admin_org_ids() AS admin_org_ids)::uuid[])));
alter policy users_select on public.users
  using (((id = ( SELECT auth.uid() AS uid)) OR (org_id IN ( SELECT unnest(( SELECT app.staff_org_ids() AS staff_org_ids)) AS unnest)) OR (id IN ( SELECT m.user_id
   FROM org_memberships m
  WHERE (m.org_id IN ( SELECT unnest(( SELECT app.staff_org_ids() AS staff_org_ids)) AS unnest))))));
alter policy users_update on public.users
  using (((id = ( SELECT auth.uid() AS uid)) OR (org_id = ANY (( SELECT app.admin_org_ids() AS admin_org_ids)::uuid[]))));

drop trigger if exists org_memberships_forget_request_scope on public.org_memberships;
drop trigger if exists organisation_closure_forget_request_scope on public.organisation_closure;
drop trigger if exists users_forget_request_scope on public.users;
drop function if exists app.forget_request_scope();
drop function if exists app.pre_request();

do $$
begin
  if exists (select from pg_catalog.pg_roles r, pg_catalog.unnest(r.rolconfig) c
              where r.rolname = 'authenticator' and c = 'pgrst.db_pre_request=app.pre_request') then
    begin
      alter role authenticator reset pgrst.db_pre_request;
      notify pgrst, 'reload config';
    exception when insufficient_privilege then
      raise warning 'may not alter role authenticator: unset PGRST_DB_PRE_REQUEST by hand';
    end;
  end if;
end
$$;
