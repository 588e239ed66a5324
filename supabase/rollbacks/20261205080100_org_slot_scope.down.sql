-- Rollback of 20261205080100_org_slot_scope.sql: the 31 policies read the uuid[] sets again (their
-- USING expressions exactly as 20261205040000 and 20261205080000 left them), app.pre_request() and
-- app.forget_request_scope() are as 20261205040000 defined them, users_set_updated_at fires on every
-- update again, and the organisation numbers, users.other_memberships, app.org_subtree_slots and
-- their triggers and functions are gone.

alter policy activities_delete on public.activities
  using (
((org_id = ANY (( SELECT COALESCE(((NULLIF(current_setting('app.scope_coordinator'::text, true), ''::text))::uuid[] || (NULLIF(current_setting('app.scope_admin'::text, true), ''::text))::uuid[]), app.staff_org_ids()) AS "coalesce")::uuid[])) OR ((peer_mentor_id = ( SELECT COALESCE((NULLIF(current_setting('app.scope_uid'::text, true), ''::text))::uuid, auth.uid()) AS "coalesce")) AND (org_id = ANY (( SELECT COALESCE((NULLIF(current_setting('app.scope_peer_mentor'::text, true), ''::text))::uuid[], app.org_ids_with_role(ARRAY['peer_mentor'::text])) AS "coalesce")::uuid[]))))
);

alter policy activities_select on public.activities
  using (
((peer_mentor_id = ( SELECT COALESCE((NULLIF(current_setting('app.scope_uid'::text, true), ''::text))::uuid, auth.uid()) AS "coalesce")) OR (org_id IN ( SELECT unnest(( SELECT COALESCE(((NULLIF(current_setting('app.scope_coordinator'::text, true), ''::text))::uuid[] || (NULLIF(current_setting('app.scope_admin'::text, true), ''::text))::uuid[]), app.staff_org_ids()) AS "coalesce")) AS unnest)))
);

alter policy activities_update on public.activities
  using (
((org_id = ANY (( SELECT COALESCE(((NULLIF(current_setting('app.scope_coordinator'::text, true), ''::text))::uuid[] || (NULLIF(current_setting('app.scope_admin'::text, true), ''::text))::uuid[]), app.staff_org_ids()) AS "coalesce")::uuid[])) OR ((peer_mentor_id = ( SELECT COALESCE((NULLIF(current_setting('app.scope_uid'::text, true), ''::text))::uuid, auth.uid()) AS "coalesce")) AND (org_id = ANY (( SELECT COALESCE((NULLIF(current_setting('app.scope_peer_mentor'::text, true), ''::text))::uuid[], app.org_ids_with_role(ARRAY['peer_mentor'::text])) AS "coalesce")::uuid[]))))
);

alter policy activity_types_delete on public.activity_types
  using (
(org_id = ANY (( SELECT COALESCE((NULLIF(current_setting('app.scope_admin'::text, true), ''::text))::uuid[], app.admin_org_ids()) AS "coalesce")::uuid[]))
);

alter policy activity_types_select on public.activity_types
  using (
(org_id = ANY (( SELECT COALESCE(((NULLIF(current_setting('app.scope_lineage'::text, true), ''::text))::uuid[] || (NULLIF(current_setting('app.scope_admin'::text, true), ''::text))::uuid[]), app.lineage_org_ids()) AS "coalesce")::uuid[]))
);

alter policy activity_types_update on public.activity_types
  using (
(org_id = ANY (( SELECT COALESCE((NULLIF(current_setting('app.scope_admin'::text, true), ''::text))::uuid[], app.admin_org_ids()) AS "coalesce")::uuid[]))
);

alter policy org_activity_changes_select on public.org_activity_changes
  using (
(org_id = ANY (( SELECT COALESCE(((NULLIF(current_setting('app.scope_member'::text, true), ''::text))::uuid[] || (NULLIF(current_setting('app.scope_admin'::text, true), ''::text))::uuid[]), app.visible_org_ids()) AS "coalesce")::uuid[]))
);

alter policy org_memberships_delete on public.org_memberships
  using (
(org_id = ANY (( SELECT COALESCE((NULLIF(current_setting('app.scope_admin'::text, true), ''::text))::uuid[], app.admin_org_ids()) AS "coalesce")::uuid[]))
);

alter policy org_memberships_select on public.org_memberships
  using (
((user_id = ( SELECT COALESCE((NULLIF(current_setting('app.scope_uid'::text, true), ''::text))::uuid, auth.uid()) AS "coalesce")) OR (org_id IN ( SELECT unnest(( SELECT COALESCE(((NULLIF(current_setting('app.scope_coordinator'::text, true), ''::text))::uuid[] || (NULLIF(current_setting('app.scope_admin'::text, true), ''::text))::uuid[]), app.staff_org_ids()) AS "coalesce")) AS unnest)))
);

alter policy org_memberships_update on public.org_memberships
  using (
(org_id = ANY (( SELECT COALESCE((NULLIF(current_setting('app.scope_admin'::text, true), ''::text))::uuid[], app.admin_org_ids()) AS "coalesce")::uuid[]))
);

alter policy org_monthly_activity_counts_select on public.org_monthly_activity_counts
  using (
(org_id = ANY (( SELECT COALESCE(((NULLIF(current_setting('app.scope_coordinator'::text, true), ''::text))::uuid[] || (NULLIF(current_setting('app.scope_admin'::text, true), ''::text))::uuid[]), app.staff_org_ids()) AS "coalesce")::uuid[]))
);

alter policy organisation_closure_select on public.organisation_closure
  using (
(descendant_id = ANY (( SELECT COALESCE(((NULLIF(current_setting('app.scope_member'::text, true), ''::text))::uuid[] || (NULLIF(current_setting('app.scope_admin'::text, true), ''::text))::uuid[]), app.visible_org_ids()) AS "coalesce")::uuid[]))
);

alter policy organisations_delete on public.organisations
  using (
((id = ANY (( SELECT COALESCE((NULLIF(current_setting('app.scope_admin'::text, true), ''::text))::uuid[], app.admin_org_ids()) AS "coalesce")::uuid[])) AND (parent_id = ANY (( SELECT COALESCE((NULLIF(current_setting('app.scope_admin'::text, true), ''::text))::uuid[], app.admin_org_ids()) AS "coalesce")::uuid[])))
);

alter policy organisations_select on public.organisations
  using (
((id = ANY (( SELECT COALESCE(((NULLIF(current_setting('app.scope_member'::text, true), ''::text))::uuid[] || (NULLIF(current_setting('app.scope_admin'::text, true), ''::text))::uuid[]), app.visible_org_ids()) AS "coalesce")::uuid[])) OR (parent_id = ANY (( SELECT COALESCE((NULLIF(current_setting('app.scope_admin'::text, true), ''::text))::uuid[], app.admin_org_ids()) AS "coalesce")::uuid[])))
);

alter policy organisations_update on public.organisations
  using (
(id = ANY (( SELECT COALESCE((NULLIF(current_setting('app.scope_admin'::text, true), ''::text))::uuid[], app.admin_org_ids()) AS "coalesce")::uuid[]))
);

alter policy peer_mentor_certifications_delete on public.peer_mentor_certifications
  using (
(org_id = ANY (( SELECT COALESCE((NULLIF(current_setting('app.scope_admin'::text, true), ''::text))::uuid[], app.admin_org_ids()) AS "coalesce")::uuid[]))
);

alter policy peer_mentor_certifications_select on public.peer_mentor_certifications
  using (
((peer_mentor_id = ( SELECT COALESCE((NULLIF(current_setting('app.scope_uid'::text, true), ''::text))::uuid, auth.uid()) AS "coalesce")) OR (org_id IN ( SELECT unnest(( SELECT COALESCE((NULLIF(current_setting('app.scope_coordinator'::text, true), ''::text))::uuid[], app.coordinator_org_ids()) AS "coalesce")) AS unnest)) OR (org_id IN ( SELECT unnest(( SELECT COALESCE((NULLIF(current_setting('app.scope_admin'::text, true), ''::text))::uuid[], app.admin_org_ids()) AS "coalesce")) AS unnest)))
);

alter policy peer_mentor_certifications_update on public.peer_mentor_certifications
  using (
((org_id = ANY (( SELECT COALESCE((NULLIF(current_setting('app.scope_coordinator'::text, true), ''::text))::uuid[], app.coordinator_org_ids()) AS "coalesce")::uuid[])) OR (org_id = ANY (( SELECT COALESCE((NULLIF(current_setting('app.scope_admin'::text, true), ''::text))::uuid[], app.admin_org_ids()) AS "coalesce")::uuid[])))
);

alter policy proxy_activities_delete on public.proxy_activities
  using (
((coordinator_id = ( SELECT COALESCE((NULLIF(current_setting('app.scope_uid'::text, true), ''::text))::uuid, auth.uid()) AS "coalesce")) AND (org_id = ANY (( SELECT COALESCE((NULLIF(current_setting('app.scope_coordinator'::text, true), ''::text))::uuid[], app.coordinator_org_ids()) AS "coalesce")::uuid[])))
);

alter policy proxy_activities_select on public.proxy_activities
  using (
((attributed_mentor_id = ( SELECT COALESCE((NULLIF(current_setting('app.scope_uid'::text, true), ''::text))::uuid, auth.uid()) AS "coalesce")) OR (org_id IN ( SELECT unnest(( SELECT COALESCE(((NULLIF(current_setting('app.scope_coordinator'::text, true), ''::text))::uuid[] || (NULLIF(current_setting('app.scope_admin'::text, true), ''::text))::uuid[]), app.staff_org_ids()) AS "coalesce")) AS unnest)))
);

alter policy proxy_activities_update on public.proxy_activities
  using (
((coordinator_id = ( SELECT COALESCE((NULLIF(current_setting('app.scope_uid'::text, true), ''::text))::uuid, auth.uid()) AS "coalesce")) AND (org_id = ANY (( SELECT COALESCE((NULLIF(current_setting('app.scope_coordinator'::text, true), ''::text))::uuid[], app.coordinator_org_ids()) AS "coalesce")::uuid[])))
);

alter policy proxy_audit_log_select on public.proxy_audit_log
  using (
(org_id = ANY (( SELECT COALESCE(((NULLIF(current_setting('app.scope_coordinator'::text, true), ''::text))::uuid[] || (NULLIF(current_setting('app.scope_admin'::text, true), ''::text))::uuid[]), app.staff_org_ids()) AS "coalesce")::uuid[]))
);

alter policy recurring_activity_templates_delete on public.recurring_activity_templates
  using (
(((coordinator_id = ( SELECT COALESCE((NULLIF(current_setting('app.scope_uid'::text, true), ''::text))::uuid, auth.uid()) AS "coalesce")) AND (org_id = ANY (( SELECT COALESCE((NULLIF(current_setting('app.scope_coordinator'::text, true), ''::text))::uuid[], app.coordinator_org_ids()) AS "coalesce")::uuid[]))) OR (org_id = ANY (( SELECT COALESCE((NULLIF(current_setting('app.scope_admin'::text, true), ''::text))::uuid[], app.admin_org_ids()) AS "coalesce")::uuid[])))
);

alter policy recurring_activity_templates_select on public.recurring_activity_templates
  using (
(org_id = ANY (( SELECT COALESCE(((NULLIF(current_setting('app.scope_coordinator'::text, true), ''::text))::uuid[] || (NULLIF(current_setting('app.scope_admin'::text, true), ''::text))::uuid[]), app.staff_org_ids()) AS "coalesce")::uuid[]))
);

alter policy recurring_activity_templates_update on public.recurring_activity_templates
  using (
(((coordinator_id = ( SELECT COALESCE((NULLIF(current_setting('app.scope_uid'::text, true), ''::text))::uuid, auth.uid()) AS "coalesce")) AND (org_id = ANY (( SELECT COALESCE((NULLIF(current_setting('app.scope_coordinator'::text, true), ''::text))::uuid[], app.coordinator_org_ids()) AS "coalesce")::uuid[]))) OR (org_id = ANY (( SELECT COALESCE((NULLIF(current_setting('app.scope_admin'::text, true), ''::text))::uuid[], app.admin_org_ids()) AS "coalesce")::uuid[])))
);

alter policy reimbursements_delete on public.reimbursements
  using (
((org_id = ANY (( SELECT COALESCE(((NULLIF(current_setting('app.scope_coordinator'::text, true), ''::text))::uuid[] || (NULLIF(current_setting('app.scope_admin'::text, true), ''::text))::uuid[]), app.staff_org_ids()) AS "coalesce")::uuid[])) OR ((user_id = ( SELECT COALESCE((NULLIF(current_setting('app.scope_uid'::text, true), ''::text))::uuid, auth.uid()) AS "coalesce")) AND (status = 'pending'::text)))
);

alter policy reimbursements_select on public.reimbursements
  using (
((user_id = ( SELECT COALESCE((NULLIF(current_setting('app.scope_uid'::text, true), ''::text))::uuid, auth.uid()) AS "coalesce")) OR (org_id IN ( SELECT unnest(( SELECT COALESCE(((NULLIF(current_setting('app.scope_coordinator'::text, true), ''::text))::uuid[] || (NULLIF(current_setting('app.scope_admin'::text, true), ''::text))::uuid[]), app.staff_org_ids()) AS "coalesce")) AS unnest)))
);

alter policy reimbursements_update on public.reimbursements
  using (
(org_id = ANY (( SELECT COALESCE(((NULLIF(current_setting('app.scope_coordinator'::text, true), ''::text))::uuid[] || (NULLIF(current_setting('app.scope_admin'::text, true), ''::text))::uuid[]), app.staff_org_ids()) AS "coalesce")::uuid[]))
);

alter policy users_delete on public.users
  using (
(org_id = ANY (( SELECT COALESCE((NULLIF(current_setting('app.scope_admin'::text, true), ''::text))::uuid[], app.admin_org_ids()) AS "coalesce")::uuid[]))
);

alter policy users_select on public.users
  using (
((id = ( SELECT COALESCE((NULLIF(current_setting('app.scope_uid'::text, true), ''::text))::uuid, auth.uid()) AS "coalesce")) OR (id IN ( SELECT unnest(( SELECT COALESCE((NULLIF(current_setting('app.scope_staff_people'::text, true), ''::text))::uuid[], NULL::uuid[]) AS "coalesce")) AS unnest)) OR (( SELECT (NULLIF(current_setting('app.scope_staff_people'::text, true), ''::text) IS NULL)) AND ((org_id IN ( SELECT unnest(( SELECT COALESCE(((NULLIF(current_setting('app.scope_coordinator'::text, true), ''::text))::uuid[] || (NULLIF(current_setting('app.scope_admin'::text, true), ''::text))::uuid[]), app.staff_org_ids()) AS "coalesce")) AS unnest)) OR (EXISTS ( SELECT
   FROM org_memberships m
  WHERE ((m.user_id = users.id) AND (m.org_id = ANY (( SELECT COALESCE(((NULLIF(current_setting('app.scope_coordinator'::text, true), ''::text))::uuid[] || (NULLIF(current_setting('app.scope_admin'::text, true), ''::text))::uuid[]), app.staff_org_ids()) AS "coalesce")::uuid[])))
 OFFSET 0)))))
);

alter policy users_update on public.users
  using (
((id = ( SELECT COALESCE((NULLIF(current_setting('app.scope_uid'::text, true), ''::text))::uuid, auth.uid()) AS "coalesce")) OR (org_id = ANY (( SELECT COALESCE((NULLIF(current_setting('app.scope_admin'::text, true), ''::text))::uuid[], app.admin_org_ids()) AS "coalesce")::uuid[])))
);


create or replace function app.pre_request()
  returns void
  language plpgsql volatile security definer parallel unsafe
  set search_path = ''
as $$
declare
  v_uid     uuid := auth.uid();
  v_pm      uuid[] := '{}';
  v_coord   uuid[] := '{}';
  v_roots   uuid[] := '{}';
  v_member  uuid[] := '{}';
  v_admin   uuid[] := '{}';
  v_people  uuid[];
begin
  if v_uid is not null then
    -- as app.org_ids_with_role: only an active person has scope
    select coalesce(array_agg(distinct m.org_id) filter (where m.role = 'peer_mentor'), '{}'),
           coalesce(array_agg(distinct m.org_id) filter (where m.role = 'coordinator'), '{}'),
           coalesce(array_agg(distinct m.org_id) filter (where m.role = 'org_admin'), '{}'),
           coalesce(array_agg(distinct m.org_id), '{}')
      into v_pm, v_coord, v_roots, v_member
      from public.org_memberships m
      join public.users u on u.id = m.user_id
     where m.user_id = v_uid
       and u.status = 'active';
    if v_roots <> '{}' then
      select coalesce(array_agg(distinct c.descendant_id), '{}') into v_admin
        from public.organisation_closure c
       where c.ancestor_id = any (v_roots);
    end if;
  end if;
  -- the people users_select shows through the staff organisations (their chapter is one, or they
  -- hold a role in one), for a staff scope of at most 50 organisations and 1,000 such rows; null
  -- (users_select asks the organisations and memberships itself) above
  if v_coord = '{}' and v_admin = '{}' then
    v_people := '{}';
  elsif pg_catalog.cardinality(v_coord) + pg_catalog.cardinality(v_admin) <= 50 then
    select case when pg_catalog.count(*) > 1000 then null
                else coalesce(array_agg(distinct p.id), '{}') end
      into v_people
      from (select m.user_id as id from public.org_memberships m
             where m.org_id = any (v_coord || v_admin)
            union all
            select u.id from public.users u
             where u.org_id = any (v_coord || v_admin)
            limit 1001) p;
  end if;
  -- Stored once each; the policies combine them (staff = coordinator || admin, visible = member ||
  -- admin, lineage = lineage || admin), so a national admin's subtree is written as text once.
  perform pg_catalog.set_config('app.scope_uid', coalesce(v_uid::text, ''), true);
  perform pg_catalog.set_config('app.scope_peer_mentor', v_pm::text, true);
  perform pg_catalog.set_config('app.scope_coordinator', v_coord::text, true);
  perform pg_catalog.set_config('app.scope_member', v_member::text, true);
  perform pg_catalog.set_config('app.scope_admin', v_admin::text, true);
  -- the ancestors of an organisation in an admin subtree are in the subtree or above its root, so
  -- the ancestors of the memberships complete the lineage (a few index probes instead of one per
  -- organisation of the subtree)
  perform pg_catalog.set_config('app.scope_lineage',
    (select coalesce(array_agg(distinct c.ancestor_id), '{}')
       from public.organisation_closure c
      where c.descendant_id = any (v_member || v_roots))::text, true);
  perform pg_catalog.set_config('app.scope_staff_people', coalesce(v_people::text, ''), true);
end
$$;
comment on function app.pre_request() is
  'PostgREST db-pre-request: computes the caller''s organisation sets once per request, before the '
  'query, into transaction-local settings app.scope_* that the RLS policies read instead of calling '
  'the helpers, so that a hidden row reaching a policy costs no more than a setting read.';

create or replace function app.forget_request_scope()
  returns trigger
  language plpgsql
  set search_path = ''
as $$
begin
  perform pg_catalog.set_config('app.scope_' || s, '', true)
     from pg_catalog.unnest(array['uid', 'peer_mentor', 'coordinator', 'member', 'admin', 'lineage',
                                  'staff_people']) s;
  return null;
end
$$;

do $$
declare
  v_table text;
begin
  foreach v_table in array array['activities', 'activity_types', 'org_activity_changes',
                                 'org_memberships', 'org_monthly_activity_counts',
                                 'organisation_closure', 'peer_mentor_certifications',
                                 'proxy_activities', 'proxy_audit_log',
                                 'recurring_activity_templates', 'reimbursements', 'users'] loop
    execute pg_catalog.format('drop trigger if exists %I on public.%I', v_table || '_set_org_slot', v_table);
    execute pg_catalog.format('alter table public.%I drop column if exists org_slot', v_table);
  end loop;
end
$$;
drop trigger if exists users_set_other_memberships on public.users;
drop trigger if exists org_memberships_flag_users_insert on public.org_memberships;
drop trigger if exists org_memberships_flag_users_update on public.org_memberships;
drop trigger if exists org_memberships_flag_users_delete on public.org_memberships;
drop trigger if exists organisation_closure_subtree_slots_insert on public.organisation_closure;
drop trigger if exists organisation_closure_subtree_slots_update on public.organisation_closure;
drop trigger if exists organisation_closure_subtree_slots_delete on public.organisation_closure;
create or replace trigger users_set_updated_at
  before update on public.users
  for each row execute function app.set_updated_at();
alter table public.users drop column if exists other_memberships;
drop table if exists app.org_subtree_slots;
drop function if exists app.users_set_other_memberships();
drop function if exists app.holds_membership_outside(uuid, uuid);
drop function if exists app.org_memberships_flag_users();
drop function if exists app.organisation_closure_refresh_subtree_slots();
drop function if exists app.refresh_org_subtree_slots(uuid[]);
drop function if exists app.org_slot_strings(text, integer[], integer[], integer[], integer[]);
drop trigger if exists organisations_set_parent_slot on public.organisations;
alter table public.organisations drop column if exists parent_slot;
alter table public.organisations drop column if exists org_slot;
drop function if exists app.set_org_slot();
drop function if exists app.organisations_set_parent_slot();
drop function if exists app.org_slot_set(uuid[]);
drop function if exists app.org_slot_string(integer[]);
