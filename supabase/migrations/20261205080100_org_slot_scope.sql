-- 20261205080100_org_slot_scope.sql
-- Why: the timing side channel of a large scope (docs/hardening.md, item 2, "A national admin").
-- After 20261205040000 every org-scoped policy tested a row with `org_id = any(<set>)`, the set read
-- from a setting the pre-request wrote (uuid[] as text). PostgreSQL evaluates that read lazily, on
-- the first row that reaches the policy, so a filter matching a hidden row paid for parsing the
-- caller's set and a filter matching nothing did not. For a chapter user that is microseconds; for
-- a national admin (a subtree of 1,526 organisations at NHF size) it was 1.1-1.5 ms per policy, and
-- a hidden person of another tree cost about +3 ms: visible with a few hundred requests.
--
-- The fix makes the per-statement work independent of the size of the caller's scope:
-- 1. Every organisation gets a small, permanent number, organisations.org_slot (an identity column:
--    never reused, never changed, not writable through the API: PostgREST answers 428C9).
--    organisations.parent_slot is the parent's number.
-- 2. Every org-scoped row carries its organisation's number in org_slot (organisation_closure: the
--    descendant's), set by a BEFORE INSERT / UPDATE OF org_id, org_slot trigger from the organisation
--    (the written value is ignored, so it cannot be forged). The triggers are ENABLE ALWAYS, so rows
--    written with session_replication_role = replica (the local scale generator, a logical
--    replication subscriber) are numbered too. A number never changes when the tree is re-shaped:
--    moving an organisation changes who may see its rows (the sets below), never the rows.
-- 3. app.pre_request() writes each set also as a membership string, app.scope_slots_<set>: '.'
--    followed by one character per number, '1' when the organisation is in the set, '0' otherwise
--    (up to the largest number in the set). The policies test a row with
--        substr(<string as bytea>, org_slot + 1, 1) = '1'
--    built-ins only, constant time per row, and reading the setting costs one copy of a string of
--    at most one byte per organisation of the database (about 1.6 KB at NHF size), whatever the
--    caller's scope: 1 organisation or 1,526. Numbers past the end of a string are simply not in the
--    set (substr returns no byte; no error), so an organisation created after the pre-request ran is
--    not in a set it computed, as before (a write to organisation_closure clears the sets; then the
--    helpers answer).
-- 4. Without the pre-request (a SQL session) the policies fall back to the helpers, converted to
--    the same string by app.org_slot_set(uuid[]): every answer is what it was.
-- 5. users_select: "me, or my staff organisations hold this person's chapter, or one of this
--    person's memberships" (the membership probe of 20261205080000, now tested by number). The list
--    of people the pre-request wrote for small scopes (app.scope_staff_people) is no longer read: it
--    was parsed whenever a hidden person reached the policy (+60 us for a chapter coordinator's 87
--    people at NHF size); the pre-request no longer computes it. So that not every person outside
--    the staff organisations costs a probe (a coordinator's count of all 50,000 users at NHF size
--    went from 7 to 77 ms with the probe alone), users.other_memberships says whether the person
--    holds a membership outside their chapter at all (kept by triggers on org_memberships and users;
--    about 5% of people); only they are probed. A flag that only the triggers change leaves
--    updated_at alone.
-- 6. The string of every organisation's subtree is kept in app.org_subtree_slots (with the subtree's
--    ids as text) by statement triggers on organisation_closure, so the pre-request of an admin reads
--    it instead of building it: a national admin's pre-request would otherwise cost ~5 ms.
-- The settings of 20261205040000 (uuid[] as text) are still written: app.bufdir_activity_groups
-- reads them (once per call, not per row).
-- Idempotent.

-- The organisations' numbers (1).
do $$
begin
  if not exists (select from pg_catalog.pg_attribute
                  where attrelid = 'public.organisations'::regclass and attname = 'org_slot'
                    and not attisdropped) then
    alter table public.organisations add column org_slot integer generated always as identity;
    alter table public.organisations add constraint organisations_org_slot_key unique (org_slot);
  end if;
end
$$;
alter table public.organisations add column if not exists parent_slot integer;
comment on column public.organisations.org_slot is
  'Permanent small number of the organisation (never reused or changed): org-scoped rows carry it '
  'in org_slot so that RLS tests a row against the caller''s sets in constant time.';
comment on column public.organisations.parent_slot is
  'org_slot of parent_id, kept by trigger (organisations_select shows a new child of an admin '
  'organisation by it).';

-- The rows' numbers (2).
create or replace function app.set_org_slot()
  returns trigger
  language plpgsql security definer
  set search_path = ''
as $$
begin
  if tg_table_name = 'organisation_closure' then
    new.org_slot := (select o.org_slot from public.organisations o where o.id = new.descendant_id);
  else
    new.org_slot := (select o.org_slot from public.organisations o where o.id = new.org_id);
  end if;
  return new;
end
$$;
comment on function app.set_org_slot() is
  'BEFORE INSERT / UPDATE OF org_id, org_slot trigger of every org-scoped table: sets org_slot from '
  'the organisation (descendant_id for organisation_closure); a written value is ignored.';
revoke execute on function app.set_org_slot() from public, anon, authenticated;

create or replace function app.organisations_set_parent_slot()
  returns trigger
  language plpgsql security definer
  set search_path = ''
as $$
begin
  new.parent_slot := (select o.org_slot from public.organisations o where o.id = new.parent_id);
  return new;
end
$$;
comment on function app.organisations_set_parent_slot() is
  'BEFORE INSERT / UPDATE OF parent_id, parent_slot trigger of organisations: sets parent_slot from '
  'the parent; a written value is ignored.';
revoke execute on function app.organisations_set_parent_slot() from public, anon, authenticated;

-- Each table gets its column, filled without firing the tables' own triggers (updated_at,
-- summaries, change events, the audit log that refuses updates): this is bookkeeping, not a change
-- of the rows. Then the trigger that keeps it.
do $$
declare
  v_table text;
  v_column text;
begin
  alter table public.organisations disable trigger user;
  update public.organisations o set parent_slot = p.org_slot
    from public.organisations p
   where p.id = o.parent_id and o.parent_slot is distinct from p.org_slot;
  alter table public.organisations enable trigger user;
  foreach v_table in array array['activities', 'activity_types', 'org_activity_changes',
                                 'org_memberships', 'org_monthly_activity_counts',
                                 'organisation_closure', 'peer_mentor_certifications',
                                 'proxy_activities', 'proxy_audit_log',
                                 'recurring_activity_templates', 'reimbursements', 'users'] loop
    v_column := case v_table when 'organisation_closure' then 'descendant_id' else 'org_id' end;
    execute pg_catalog.format('alter table public.%I add column if not exists org_slot integer', v_table);
    execute pg_catalog.format(
      'comment on column public.%I.org_slot is %L', v_table,
      'org_slot of the row''s organisation (' || v_column || '), kept by trigger; what RLS tests.');
    execute pg_catalog.format('alter table public.%I disable trigger user', v_table);
    execute pg_catalog.format(
      'update public.%1$I t set org_slot = o.org_slot from public.organisations o'
      || ' where o.id = t.%2$I and t.org_slot is distinct from o.org_slot', v_table, v_column);
    execute pg_catalog.format('alter table public.%I enable trigger user', v_table);
    execute pg_catalog.format(
      'create or replace trigger %I before insert or update of %I, org_slot on public.%I'
      || ' for each row execute function app.set_org_slot()',
      v_table || '_set_org_slot', v_column, v_table);
  end loop;
end
$$;

create or replace trigger organisations_set_parent_slot
  before insert or update of parent_id, parent_slot on public.organisations
  for each row execute function app.organisations_set_parent_slot();

-- Sets as membership strings (3).
create or replace function app.org_slot_string(p_slots integer[])
  returns text
  language sql immutable parallel safe
  set search_path = ''
as $$
  select '.' || coalesce(pg_catalog.string_agg(pg_catalog.repeat('0', x.s - x.p - 1) || '1', ''
                                                 order by x.s), '')
    from (select d.s, coalesce(pg_catalog.lag(d.s) over (order by d.s), 0) as p
            from (select distinct u.s from pg_catalog.unnest(p_slots) as u(s) where u.s > 0) d) x
$$;
comment on function app.org_slot_string(integer[]) is
  'The membership string of a set of organisation numbers: ''.'' and then, for numbers 1..max, ''1'' '
  'when the number is in the set, else ''0''. The RLS policies test substr(string, org_slot + 1, 1).';
revoke execute on function app.org_slot_string(integer[]) from public, anon, authenticated;

create or replace function app.org_slot_set(p_orgs uuid[])
  returns bytea
  language sql stable security definer parallel safe
  set search_path = ''
as $$
  select pg_catalog.convert_to(app.org_slot_string(array(
           select o.org_slot from public.organisations o where o.id = any (p_orgs))), 'UTF8')
$$;
comment on function app.org_slot_set(uuid[]) is
  'app.org_slot_string of the numbers of the given organisations, as bytea: what the RLS policies '
  'use when the pre-request did not run (the sets then come from the helpers).';
revoke execute on function app.org_slot_set(uuid[]) from public, anon;
grant execute on function app.org_slot_set(uuid[]) to authenticated, service_role;

-- Each organisation's subtree, as a string and as ids, for the pre-request (6).
create table if not exists app.org_subtree_slots (
  org_id uuid    not null,
  slots  text    not null,
  ids    text    not null,
  constraint org_subtree_slots_pkey primary key (org_id),
  constraint org_subtree_slots_org_id_fkey foreign key (org_id)
    references public.organisations (id) on delete cascade
);
comment on table app.org_subtree_slots is
  'Per organisation: app.org_slot_string of its subtree (slots) and the subtree''s ids as uuid[] text '
  '(ids), kept by statement triggers on organisation_closure; read by app.pre_request().';
revoke all on app.org_subtree_slots from public, anon, authenticated;

create or replace function app.refresh_org_subtree_slots(p_orgs uuid[])
  returns void
  language sql volatile security definer
  set search_path = ''
as $$
  delete from app.org_subtree_slots s
   where s.org_id = any (p_orgs)
     and not exists (select from public.organisation_closure c where c.ancestor_id = s.org_id);
  insert into app.org_subtree_slots (org_id, slots, ids)
  select c.ancestor_id, app.org_slot_string(array_agg(c.org_slot)),
         array_agg(c.descendant_id order by c.descendant_id)::text
    from public.organisation_closure c
   where c.ancestor_id = any (p_orgs)
   group by c.ancestor_id
  on conflict (org_id) do update set slots = excluded.slots, ids = excluded.ids;
$$;
comment on function app.refresh_org_subtree_slots(uuid[]) is
  'Recomputes app.org_subtree_slots of the given organisations from organisation_closure.';
revoke execute on function app.refresh_org_subtree_slots(uuid[]) from public, anon, authenticated;

create or replace function app.organisation_closure_refresh_subtree_slots()
  returns trigger
  language plpgsql security definer
  set search_path = ''
as $$
begin
  if tg_op = 'INSERT' then
    perform app.refresh_org_subtree_slots(array(select distinct n.ancestor_id from new_rows n));
  elsif tg_op = 'DELETE' then
    perform app.refresh_org_subtree_slots(array(select distinct o.ancestor_id from old_rows o));
  else
    perform app.refresh_org_subtree_slots(
      array(select n.ancestor_id from new_rows n union select o.ancestor_id from old_rows o));
  end if;
  return null;
end
$$;
comment on function app.organisation_closure_refresh_subtree_slots() is
  'AFTER statement trigger of organisation_closure: refreshes app.org_subtree_slots of the ancestors '
  'whose closure rows were written.';
revoke execute on function app.organisation_closure_refresh_subtree_slots() from public, anon, authenticated;

select app.refresh_org_subtree_slots(array(select o.id from public.organisations o));

create or replace trigger organisation_closure_subtree_slots_insert
  after insert on public.organisation_closure referencing new table as new_rows
  for each statement execute function app.organisation_closure_refresh_subtree_slots();
create or replace trigger organisation_closure_subtree_slots_update
  after update on public.organisation_closure referencing old table as old_rows new table as new_rows
  for each statement execute function app.organisation_closure_refresh_subtree_slots();
create or replace trigger organisation_closure_subtree_slots_delete
  after delete on public.organisation_closure referencing old table as old_rows
  for each statement execute function app.organisation_closure_refresh_subtree_slots();

create or replace function app.org_slot_strings(p_admin text, p_peer_mentor integer[],
                                                 p_coordinator integer[], p_member integer[],
                                                 p_lineage integer[])
  returns text[]
  language plpgsql immutable parallel safe
  set search_path = ''
as $$
declare
  -- peer_mentor, coordinator, staff, visible, lineage; each a base string and the numbers to add
  v_bases text[] := array['.', '.', p_admin, p_admin, p_admin];
  v_result text[] := '{}';
  v_string text;
  v_slot integer;
  i integer;
begin
  for i in 1 .. 5 loop
    v_string := v_bases[i];
    foreach v_slot in array coalesce(case i when 1 then p_peer_mentor when 2 then p_coordinator
                                            when 3 then p_coordinator when 4 then p_member
                                            else p_lineage end, '{}') loop
      continue when v_slot is null or v_slot < 1;
      if pg_catalog.length(v_string) < v_slot + 1 then
        v_string := pg_catalog.rpad(v_string, v_slot, '0') || '1';
      else
        v_string := pg_catalog.overlay(v_string, '1', v_slot + 1, 1);
      end if;
    end loop;
    v_result := v_result || v_string;
  end loop;
  return v_result;
end
$$;
comment on function app.org_slot_strings(text, integer[], integer[], integer[], integer[]) is
  'The pre-request''s membership strings (app.org_slot_string) in one call: peer_mentor and '
  'coordinator from their numbers, staff, visible and lineage as the admin subtree''s string with '
  'the coordinator, member and lineage numbers added.';
revoke execute on function app.org_slot_strings(text, integer[], integer[], integer[], integer[])
  from public, anon, authenticated;

-- Who holds a membership outside their chapter (5).
alter table public.users add column if not exists other_memberships boolean not null default false;
comment on column public.users.other_memberships is
  'The person holds a membership in an organisation other than org_id; kept by triggers. RLS asks '
  'the memberships of such a person only.';

create or replace function app.holds_membership_outside(p_user uuid, p_org uuid)
  returns boolean
  language sql stable
  set search_path = ''
as $$
  select exists (select from public.org_memberships m
                  where m.user_id = p_user and m.org_id is distinct from p_org)
$$;
comment on function app.holds_membership_outside(uuid, uuid) is
  'Whether the person holds a membership in an organisation other than p_org (their chapter): what '
  'users.other_memberships records.';
revoke execute on function app.holds_membership_outside(uuid, uuid) from public, anon, authenticated;

create or replace function app.users_set_other_memberships()
  returns trigger
  language plpgsql security definer
  set search_path = ''
as $$
begin
  new.other_memberships := app.holds_membership_outside(new.id, new.org_id);
  return new;
end
$$;
comment on function app.users_set_other_memberships() is
  'BEFORE INSERT / UPDATE OF org_id, other_memberships trigger of users: computes other_memberships '
  'from the memberships; a written value is ignored.';
revoke execute on function app.users_set_other_memberships() from public, anon, authenticated;

create or replace function app.org_memberships_flag_users()
  returns trigger
  language plpgsql security definer
  set search_path = ''
as $$
declare
  v_users uuid[];
begin
  if tg_op = 'INSERT' then
    v_users := array(select distinct n.user_id from new_rows n);
  elsif tg_op = 'DELETE' then
    v_users := array(select distinct o.user_id from old_rows o);
  else
    v_users := array(select n.user_id from new_rows n union select o.user_id from old_rows o);
  end if;
  -- the BEFORE trigger of users computes the value; only rows whose flag changes are written
  update public.users u set other_memberships = not u.other_memberships
   where u.id = any (v_users)
     and u.other_memberships is distinct from app.holds_membership_outside(u.id, u.org_id);
  return null;
end
$$;
comment on function app.org_memberships_flag_users() is
  'AFTER statement trigger of org_memberships: refreshes users.other_memberships of the people whose '
  'memberships were written.';
revoke execute on function app.org_memberships_flag_users() from public, anon, authenticated;

do $$
begin
  alter table public.users disable trigger user;
  update public.users u set other_memberships = x.other
    from (select p.id, app.holds_membership_outside(p.id, p.org_id) as other
            from public.users p) x
   where x.id = u.id and u.other_memberships is distinct from x.other;
  alter table public.users enable trigger user;
end
$$;

create or replace trigger users_set_other_memberships
  before insert or update of org_id, other_memberships on public.users
  for each row execute function app.users_set_other_memberships();
create or replace trigger org_memberships_flag_users_insert
  after insert on public.org_memberships referencing new table as new_rows
  for each statement execute function app.org_memberships_flag_users();
create or replace trigger org_memberships_flag_users_update
  after update on public.org_memberships referencing old table as old_rows new table as new_rows
  for each statement execute function app.org_memberships_flag_users();
create or replace trigger org_memberships_flag_users_delete
  after delete on public.org_memberships referencing old table as old_rows
  for each statement execute function app.org_memberships_flag_users();
-- the flag is bookkeeping: a change of it alone is not a change of the person
create or replace trigger users_set_updated_at
  before update on public.users
  for each row
  when (old.other_memberships is not distinct from new.other_memberships
        or old.org_id is distinct from new.org_id)
  execute function app.set_updated_at();

create or replace function app.pre_request()
  returns void
  language plpgsql volatile security definer parallel unsafe
  set search_path = ''
as $$
declare
  v_uid       uuid := auth.uid();
  v_pm        uuid[] := '{}';
  v_coord     uuid[] := '{}';
  v_roots     uuid[] := '{}';
  v_member    uuid[] := '{}';
  v_lineage   uuid[] := '{}';
  v_admin     text := '{}';
  v_pm_s      integer[] := '{}';
  v_coord_s   integer[] := '{}';
  v_member_s  integer[] := '{}';
  v_lineage_s integer[] := '{}';
  v_admin_s   text := '.';
  v_strings   text[];
begin
  if v_uid is not null then
    -- as app.org_ids_with_role: only an active person has scope
    select coalesce(array_agg(distinct m.org_id) filter (where m.role = 'peer_mentor'), '{}'),
           coalesce(array_agg(distinct m.org_id) filter (where m.role = 'coordinator'), '{}'),
           coalesce(array_agg(distinct m.org_id) filter (where m.role = 'org_admin'), '{}'),
           coalesce(array_agg(distinct m.org_id), '{}'),
           coalesce(array_agg(m.org_slot) filter (where m.role = 'peer_mentor'), '{}'),
           coalesce(array_agg(m.org_slot) filter (where m.role = 'coordinator'), '{}'),
           coalesce(array_agg(m.org_slot), '{}')
      into v_pm, v_coord, v_roots, v_member, v_pm_s, v_coord_s, v_member_s
      from public.org_memberships m
      join public.users u on u.id = m.user_id
     where m.user_id = v_uid
       and u.status = 'active';
    -- the admin subtree: stored per organisation; built here only for an admin of several
    if pg_catalog.cardinality(v_roots) = 1 then
      select s.slots, s.ids into v_admin_s, v_admin
        from app.org_subtree_slots s where s.org_id = v_roots[1];
    end if;
    if v_roots <> '{}' and (pg_catalog.cardinality(v_roots) > 1 or v_admin_s is null) then
      select coalesce(array_agg(distinct c.descendant_id), '{}')::text,
             app.org_slot_string(array_agg(c.org_slot))
        into v_admin, v_admin_s
        from public.organisation_closure c
       where c.ancestor_id = any (v_roots);
    end if;
    -- the ancestors of an organisation in an admin subtree are in the subtree or above its root, so
    -- the ancestors of the memberships complete the lineage
    -- (a lookup per ancestor: a few rows; a join lets the generic plan hash all organisations)
    select coalesce(array_agg(distinct c.ancestor_id), '{}'),
           coalesce(array_agg((select o.org_slot from public.organisations o
                                where o.id = c.ancestor_id)), '{}')
      into v_lineage, v_lineage_s
      from public.organisation_closure c
     where c.descendant_id = any (v_member);
  end if;
  perform pg_catalog.set_config('app.scope_uid', coalesce(v_uid::text, ''), true);
  -- the sets as 20261205040000 wrote them (app.bufdir_activity_groups reads them)
  perform pg_catalog.set_config('app.scope_peer_mentor', v_pm::text, true);
  perform pg_catalog.set_config('app.scope_coordinator', v_coord::text, true);
  perform pg_catalog.set_config('app.scope_member', v_member::text, true);
  perform pg_catalog.set_config('app.scope_admin', v_admin, true);
  perform pg_catalog.set_config('app.scope_lineage', v_lineage::text, true);
  perform pg_catalog.set_config('app.scope_staff_people', '', true);
  -- the sets the policies read: the caller's few memberships added to the subtree's string
  v_strings := app.org_slot_strings(v_admin_s, v_pm_s, v_coord_s, v_member_s, v_lineage_s);
  perform pg_catalog.set_config('app.scope_slots_peer_mentor', v_strings[1], true);
  perform pg_catalog.set_config('app.scope_slots_coordinator', v_strings[2], true);
  perform pg_catalog.set_config('app.scope_slots_admin', v_admin_s, true);
  perform pg_catalog.set_config('app.scope_slots_staff', v_strings[3], true);
  perform pg_catalog.set_config('app.scope_slots_visible', v_strings[4], true);
  perform pg_catalog.set_config('app.scope_slots_lineage', v_strings[5], true);
end
$$;
comment on function app.pre_request() is
  'PostgREST db-pre-request: computes the caller''s organisation sets once per request, before the '
  'query, into transaction-local settings app.scope_* that the RLS policies read instead of calling '
  'the helpers (app.scope_slots_*: one character per organisation number), so that a hidden row '
  'reaching a policy costs the same whatever the size of the caller''s scope.';
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
                                  'staff_people', 'slots_peer_mentor', 'slots_coordinator',
                                  'slots_admin', 'slots_staff', 'slots_visible',
                                  'slots_lineage']) s;
  return null;
end
$$;
comment on function app.forget_request_scope() is
  'AFTER statement trigger on org_memberships, organisation_closure and users: clears every '
  'app.scope_* setting so that the rest of the transaction computes the caller''s sets afresh (the '
  'policies fall back to the helpers).';
revoke execute on function app.forget_request_scope() from public, anon, authenticated;

-- The policies (4, 5). {uid} is the caller; {SET} tests the row's org_slot against the set, {SET@col}
-- another number column. One InitPlan per set occurrence, as before.
do $$
declare
  v_helpers text[][] := array[
    ['staff',       'app.staff_org_ids()'],
    ['admin',       'app.admin_org_ids()'],
    ['coordinator', 'app.coordinator_org_ids()'],
    ['visible',     'app.visible_org_ids()'],
    ['lineage',     'app.lineage_org_ids()'],
    ['peer_mentor', 'app.org_ids_with_role(array[''peer_mentor''])']];
  v_policy record;
  v_using text;
  v_match text[];
  i int;
begin
  for v_policy in
    select * from (values
      ('activities', 'activities_select', 'peer_mentor_id = {uid} or {staff}'),
      ('activities', 'activities_update', '{staff} or (peer_mentor_id = {uid} and {peer_mentor})'),
      ('activities', 'activities_delete', '{staff} or (peer_mentor_id = {uid} and {peer_mentor})'),
      ('activity_types', 'activity_types_select', '{lineage}'),
      ('activity_types', 'activity_types_update', '{admin}'),
      ('activity_types', 'activity_types_delete', '{admin}'),
      ('org_activity_changes', 'org_activity_changes_select', '{visible}'),
      ('org_memberships', 'org_memberships_select', 'user_id = {uid} or {staff}'),
      ('org_memberships', 'org_memberships_update', '{admin}'),
      ('org_memberships', 'org_memberships_delete', '{admin}'),
      ('org_monthly_activity_counts', 'org_monthly_activity_counts_select', '{staff}'),
      ('organisation_closure', 'organisation_closure_select', '{visible}'),
      ('organisations', 'organisations_select', '{visible} or {admin@parent_slot}'),
      ('organisations', 'organisations_update', '{admin}'),
      ('organisations', 'organisations_delete', '{admin} and {admin@parent_slot}'),
      ('peer_mentor_certifications', 'peer_mentor_certifications_select',
       'peer_mentor_id = {uid} or {staff}'),
      ('peer_mentor_certifications', 'peer_mentor_certifications_update', '{staff}'),
      ('peer_mentor_certifications', 'peer_mentor_certifications_delete', '{admin}'),
      ('proxy_activities', 'proxy_activities_select', 'attributed_mentor_id = {uid} or {staff}'),
      ('proxy_activities', 'proxy_activities_update', 'coordinator_id = {uid} and {coordinator}'),
      ('proxy_activities', 'proxy_activities_delete', 'coordinator_id = {uid} and {coordinator}'),
      ('proxy_audit_log', 'proxy_audit_log_select', '{staff}'),
      ('recurring_activity_templates', 'recurring_activity_templates_select', '{staff}'),
      ('recurring_activity_templates', 'recurring_activity_templates_update',
       '(coordinator_id = {uid} and {coordinator}) or {admin}'),
      ('recurring_activity_templates', 'recurring_activity_templates_delete',
       '(coordinator_id = {uid} and {coordinator}) or {admin}'),
      ('reimbursements', 'reimbursements_select', 'user_id = {uid} or {staff}'),
      ('reimbursements', 'reimbursements_update', '{staff}'),
      ('reimbursements', 'reimbursements_delete', '{staff} or (user_id = {uid} and status = ''pending'')'),
      -- a person is shown when their chapter or one of their memberships is in a staff organisation
      -- (OFFSET 0 keeps the probe a per-row index scan: 20261205080000)
      ('users', 'users_select',
       'id = {uid} or {staff} or (other_memberships and exists (select from public.org_memberships m'
       || ' where m.user_id = users.id and {staff@m.org_slot} offset 0))'),
      ('users', 'users_update', 'id = {uid} or {admin}'),
      ('users', 'users_delete', '{admin}')
    ) as p(tbl, name, expr)
  loop
    v_using := pg_catalog.replace(v_policy.expr, '{uid}',
      '(select coalesce(nullif(pg_catalog.current_setting(''app.scope_uid'', true), '''')::uuid, auth.uid()))');
    for i in 1 .. pg_catalog.array_length(v_helpers, 1) loop
      -- {set} is {set@org_slot}
      v_using := pg_catalog.replace(v_using, '{' || v_helpers[i][1] || '}',
                                    '{' || v_helpers[i][1] || '@org_slot}');
      loop
        v_match := pg_catalog.regexp_match(v_using, '\{' || v_helpers[i][1] || '@([a-z_.]+)\}');
        exit when v_match is null;
        v_using := pg_catalog.replace(v_using, '{' || v_helpers[i][1] || '@' || v_match[1] || '}',
          '(pg_catalog.substr((select coalesce(pg_catalog.convert_to(nullif(pg_catalog.current_setting('
          || '''app.scope_slots_' || v_helpers[i][1] || ''', true), ''''), ''UTF8''), app.org_slot_set('
          || v_helpers[i][2] || '))), ' || v_match[1] || ' + 1, 1) = ''\x31''::bytea)');
      end loop;
    end loop;
    execute pg_catalog.format('alter policy %I on public.%I using (%s)', v_policy.name, v_policy.tbl, v_using);
  end loop;
end
$$;

-- The bookkeeping triggers fire for replicas too (ENABLE ALWAYS), set last: ENABLE TRIGGER USER in
-- the backfills above resets them.
do $$
declare
  v_trigger record;
begin
  for v_trigger in
    select t.tgrelid::regclass as tbl, t.tgname
      from pg_catalog.pg_trigger t
     where not t.tgisinternal
       and (t.tgname like '%\_set\_org\_slot' or t.tgname in (
              'organisations_set_parent_slot', 'users_set_other_memberships',
              'org_memberships_flag_users_insert', 'org_memberships_flag_users_update',
              'org_memberships_flag_users_delete', 'organisation_closure_subtree_slots_insert',
              'organisation_closure_subtree_slots_update', 'organisation_closure_subtree_slots_delete'))
  loop
    execute pg_catalog.format('alter table %s enable always trigger %I', v_trigger.tbl, v_trigger.tgname);
  end loop;
end
$$;
