-- 20261205040000_request_scope_before_rows.sql
-- Why: a timing side channel across organisations (docs/hardening.md, item 2). A filter on a
-- leakproof comparison (email = 'x', org_id = o and activity_date = d) is evaluated before RLS, and
-- each policy computed the caller's organisation sets in InitPlans and hashed SubPlans that
-- PostgreSQL runs lazily, on the first row that reaches the policy. So "an invisible row matches my
-- filter" cost milliseconds more than "nothing matches" (|Welch t| 24-156), and a mentor recovered
-- another organisation's e-mail addresses from timing alone.
--
-- 1. app.pre_request() computes the caller's sets once per request, BEFORE the query, and writes
--    them to transaction-local settings app.scope_<set> (uuid[] as text): uid; the organisations
--    where the caller is peer_mentor, coordinator, a member (any role); the admin subtree; the
--    lineage (ancestors of the memberships and admin roots: with the subtree, every ancestor of a
--    visible organisation); and, for a staff scope of at most 50 organisations and 1,000 people,
--    staff_people (the people of the staff organisations: their chapter is one, or they hold a role
--    in one). PostgREST calls it as db-pre-request, as the first statement of every request's
--    transaction (this migration sets pgrst.db_pre_request on the authenticator role where it may;
--    the local stack reads the same setting).
-- 2. The SELECT, UPDATE and DELETE policies read those settings in the per-row part instead of
--    calling the helpers: one InitPlan per set, coalesce(<setting parsed as uuid[]>, <helper>),
--    built-in functions only (staff = coordinator || admin, visible = member || admin, lineage =
--    lineage || admin: a national admin's subtree is stored once). When a setting is absent (a SQL
--    session without the pre-request, or cleared by 4.) the helper computes it as before, so every
--    answer is what it was. What a hidden row still triggers lazily is that read: microseconds.
-- 3. users_select is "me, or one hash lookup in staff_people"; when the pre-request could not list
--    those people (a larger scope, e.g. a national admin) or did not run, it is the staff
--    organisations and the hashed subquery over org_memberships it was.
-- 4. Writes to org_memberships, organisation_closure and users clear every app.scope_* setting for
--    the rest of the transaction (statement triggers), so a request or RPC that changes someone's
--    scope and reads afterwards is answered by the helpers, as before.
-- Why not a gate inside the policy: a policy term without row references, (select app.gate()), is NOT
-- made a one-time filter for RLS quals on PostgreSQL 15 (process_security_barrier_quals passes the
-- relation as the outer-join scope, so it stays a per-row filter evaluated lazily like the rest);
-- measured with EXPLAIN (ANALYZE) in docs/hardening.md.
-- Trust: the settings are trusted as request.jwt.claims is. Any session that can run SQL can set
-- both; PostgREST's clients can set neither (PostgREST writes the claims and then calls the
-- pre-request, which overwrites every app.scope_* setting before the query). They are per
-- transaction: a session that changes the claims inside a transaction calls app.pre_request() again
-- (or clears the settings), as PostgREST does by opening one transaction per request.
-- INSERT policies and the WITH CHECK parts are unchanged: they are evaluated only on rows the caller
-- writes, never on hidden rows.
-- Idempotent.

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
revoke execute on function app.pre_request() from public;
grant execute on function app.pre_request() to anon, authenticated, service_role;

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
comment on function app.forget_request_scope() is
  'AFTER statement trigger on org_memberships, organisation_closure and users: clears every '
  'app.scope_* setting so that the rest of the transaction computes the caller''s sets afresh (the '
  'policies fall back to the helpers).';
revoke execute on function app.forget_request_scope() from public, anon, authenticated;

do $$
declare
  v_table text;
begin
  foreach v_table in array array['org_memberships', 'organisation_closure', 'users'] loop
    execute pg_catalog.format(
      'create or replace trigger %I after insert or update or delete on public.%I'
      || ' for each statement execute function app.forget_request_scope()',
      v_table || '_forget_request_scope', v_table);
  end loop;
end
$$;

-- The policies. {set} stands for "the stored set, else the helper", one InitPlan each; the rest of
-- every expression is as before.
do $$
declare
  v_sets text[][] := array[
    ['staff',        '{coordinator} || {admin}', 'app.staff_org_ids()'],
    ['admin',        '{admin}',                  'app.admin_org_ids()'],
    ['coordinator',  '{coordinator}',            'app.coordinator_org_ids()'],
    ['visible',      '{member} || {admin}',      'app.visible_org_ids()'],
    ['lineage',      '{lineage} || {admin}',     'app.lineage_org_ids()'],
    ['peer_mentor',  '{peer_mentor}',            'app.org_ids_with_role(array[''peer_mentor''])'],
    ['staff_people', '{staff_people}',           'null::uuid[]']];
  v_policy record;
  v_using text;
  i int;
begin
  for v_policy in
    select * from (values
      ('activities', 'activities_select',
       'peer_mentor_id = {uid} or org_id in (select pg_catalog.unnest({staff}))'),
      ('activities', 'activities_update',
       'org_id = any ({staff}::uuid[]) or (peer_mentor_id = {uid} and org_id = any ({peer_mentor}::uuid[]))'),
      ('activities', 'activities_delete',
       'org_id = any ({staff}::uuid[]) or (peer_mentor_id = {uid} and org_id = any ({peer_mentor}::uuid[]))'),
      ('activity_types', 'activity_types_select', 'org_id = any ({lineage}::uuid[])'),
      ('activity_types', 'activity_types_update', 'org_id = any ({admin}::uuid[])'),
      ('activity_types', 'activity_types_delete', 'org_id = any ({admin}::uuid[])'),
      ('org_activity_changes', 'org_activity_changes_select', 'org_id = any ({visible}::uuid[])'),
      ('org_memberships', 'org_memberships_select',
       'user_id = {uid} or org_id in (select pg_catalog.unnest({staff}))'),
      ('org_memberships', 'org_memberships_update', 'org_id = any ({admin}::uuid[])'),
      ('org_memberships', 'org_memberships_delete', 'org_id = any ({admin}::uuid[])'),
      ('org_monthly_activity_counts', 'org_monthly_activity_counts_select', 'org_id = any ({staff}::uuid[])'),
      ('organisation_closure', 'organisation_closure_select', 'descendant_id = any ({visible}::uuid[])'),
      ('organisations', 'organisations_select',
       'id = any ({visible}::uuid[]) or parent_id = any ({admin}::uuid[])'),
      ('organisations', 'organisations_update', 'id = any ({admin}::uuid[])'),
      ('organisations', 'organisations_delete',
       'id = any ({admin}::uuid[]) and parent_id = any ({admin}::uuid[])'),
      ('peer_mentor_certifications', 'peer_mentor_certifications_select',
       'peer_mentor_id = {uid} or org_id in (select pg_catalog.unnest({coordinator}))'
       || ' or org_id in (select pg_catalog.unnest({admin}))'),
      ('peer_mentor_certifications', 'peer_mentor_certifications_update',
       'org_id = any ({coordinator}::uuid[]) or org_id = any ({admin}::uuid[])'),
      ('peer_mentor_certifications', 'peer_mentor_certifications_delete', 'org_id = any ({admin}::uuid[])'),
      ('proxy_activities', 'proxy_activities_select',
       'attributed_mentor_id = {uid} or org_id in (select pg_catalog.unnest({staff}))'),
      ('proxy_activities', 'proxy_activities_update',
       'coordinator_id = {uid} and org_id = any ({coordinator}::uuid[])'),
      ('proxy_activities', 'proxy_activities_delete',
       'coordinator_id = {uid} and org_id = any ({coordinator}::uuid[])'),
      ('proxy_audit_log', 'proxy_audit_log_select', 'org_id = any ({staff}::uuid[])'),
      ('recurring_activity_templates', 'recurring_activity_templates_select', 'org_id = any ({staff}::uuid[])'),
      ('recurring_activity_templates', 'recurring_activity_templates_update',
       '(coordinator_id = {uid} and org_id = any ({coordinator}::uuid[])) or org_id = any ({admin}::uuid[])'),
      ('recurring_activity_templates', 'recurring_activity_templates_delete',
       '(coordinator_id = {uid} and org_id = any ({coordinator}::uuid[])) or org_id = any ({admin}::uuid[])'),
      ('reimbursements', 'reimbursements_select',
       'user_id = {uid} or org_id in (select pg_catalog.unnest({staff}))'),
      ('reimbursements', 'reimbursements_update', 'org_id = any ({staff}::uuid[])'),
      ('reimbursements', 'reimbursements_delete',
       'org_id = any ({staff}::uuid[]) or (user_id = {uid} and status = ''pending'')'),
      ('users', 'users_select',
       'id = {uid} or id in (select pg_catalog.unnest({staff_people}))'
       || ' or ({staff_people_unknown} and (org_id in (select pg_catalog.unnest({staff}))'
       || ' or id in (select m.user_id from public.org_memberships m'
       || ' where m.org_id in (select pg_catalog.unnest({staff})))))'),
      ('users', 'users_update', 'id = {uid} or org_id = any ({admin}::uuid[])'),
      ('users', 'users_delete', 'org_id = any ({admin}::uuid[])')
    ) as p(tbl, name, expr)
  loop
    -- "unknown" without parsing the array: the pre-request did not list the people, or did not run
    v_using := pg_catalog.replace(v_policy.expr, '{staff_people_unknown}',
      '(select nullif(pg_catalog.current_setting(''app.scope_staff_people'', true), '''') is null)');
    v_using := pg_catalog.replace(v_using, '{uid}',
      '(select coalesce(nullif(pg_catalog.current_setting(''app.scope_uid'', true), '''')::uuid, auth.uid()))');
    for i in 1 .. pg_catalog.array_length(v_sets, 1) loop
      v_using := pg_catalog.replace(v_using, '{' || v_sets[i][1] || '}',
        '(select coalesce('
        || pg_catalog.regexp_replace(v_sets[i][2], '\{([a-z_]+)\}',
             'nullif(pg_catalog.current_setting(''app.scope_\1'', true), '''')::uuid[]', 'g')
        || ', ' || v_sets[i][3] || '))');
    end loop;
    execute pg_catalog.format('alter policy %I on public.%I using (%s)', v_policy.name, v_policy.tbl, v_using);
  end loop;
end
$$;

-- PostgREST's in-database configuration: call app.pre_request() before every request. Left alone
-- when another pre-request is configured; where this role may not alter authenticator (some hosted
-- set-ups), a warning says what to set by hand.
do $$
declare
  v_current text;
begin
  select pg_catalog.split_part(c, '=', 2) into v_current
    from pg_catalog.pg_roles r, pg_catalog.unnest(r.rolconfig) c
   where r.rolname = 'authenticator' and c like 'pgrst.db_pre_request=%';
  if v_current is not null and v_current <> 'app.pre_request' then
    raise warning 'authenticator already has pgrst.db_pre_request = %; call app.pre_request() from it', v_current;
    return;
  end if;
  if not exists (select from pg_catalog.pg_roles where rolname = 'authenticator') then
    raise warning 'no role authenticator: configure PostgREST with db-pre-request = app.pre_request';
    return;
  end if;
  begin
    alter role authenticator set pgrst.db_pre_request = 'app.pre_request';
    notify pgrst, 'reload config';
  exception when insufficient_privilege then
    raise warning 'may not alter role authenticator: set PGRST_DB_PRE_REQUEST=app.pre_request';
  end;
end
$$;
