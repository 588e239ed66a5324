-- 20261204040200_inactive_users_write_nothing.sql
-- Why: a suspended or inactive person keeps reading the rows that are their own (their right to see
-- their own data) and can write nothing at all, although their token stays valid until it expires.
--   1. Reading: the access helpers give scope only to active people. app.org_ids_with_role (which every
--      other helper builds on) now requires users.status = 'active' instead of <> 'suspended', so an
--      inactive coordinator or admin no longer sees the chapter's rows either; the "own row" branches
--      of the policies (peer_mentor_id / user_id / attributed_mentor_id = auth.uid()) do not call the
--      helpers and keep working. Same plan, same cost: one predicate of the join changes.
--   2. Writing: a BEFORE ... FOR EACH STATEMENT trigger on every table a client may write refuses any
--      INSERT, UPDATE or DELETE (and so every RPC that writes, e.g. renew_certification) by a caller
--      subject to RLS whose users row is not active: 42501 with a message that says why. RLS alone
--      would leave holes (an own pending claim may be deleted, an own name updated) and would answer
--      some writes with "0 rows" instead of a refusal. Once per statement, one primary-key probe of
--      users: nothing is added to the read policies, so reads cost what they cost before.
-- service_role and superusers are not affected (the back office reactivates people).
-- Idempotent.

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
     and u.status = 'active'
$$;
comment on function app.org_ids_with_role(text[]) is
  'Orgs where the caller holds one of the roles (no subtree expansion). Empty for anon and for '
  'inactive or suspended people.';

create or replace function app.refuse_write_by_inactive_caller()
  returns trigger
  language plpgsql security definer
  set search_path = ''
as $$
declare
  v_status text;
begin
  if app.caller_bypasses_rls() then
    return null;
  end if;
  select u.status into v_status from public.users u where u.id = (select auth.uid());
  if v_status is not null and v_status <> 'active' then
    raise exception 'the account is %: it may read its own rows but write nothing', v_status
      using errcode = '42501', hint = 'An administrator must reactivate the account.';
  end if;
  return null;
end
$$;
comment on function app.refuse_write_by_inactive_caller() is
  'BEFORE statement trigger: an inactive or suspended caller subject to RLS writes nothing (42501).';

do $$
declare
  v_table text;
begin
  foreach v_table in array array['organisations', 'users', 'org_memberships', 'activity_types', 'activities',
                                 'recurring_activity_templates', 'proxy_activities', 'reimbursements',
                                 'peer_mentor_certifications'] loop
    execute pg_catalog.format(
      'create or replace trigger %I before insert or update or delete on public.%I'
      || ' for each statement execute function app.refuse_write_by_inactive_caller()',
      v_table || '_refuse_inactive_caller', v_table);
  end loop;
end
$$;
