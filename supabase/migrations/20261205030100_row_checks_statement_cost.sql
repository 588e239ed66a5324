-- 20261205030100_row_checks_statement_cost.sql
-- Why: a batch insert paid about 1.7 ms per row (5 ms on a loaded machine) in the same-organisation
-- triggers, so ~4,500 rows reached the 8 s statement timeout of signed-in users. Measured per call
-- (docs/hardening.md, item 10): app.row_left_to_rls() 2.5 ms, of which app.visible_org_ids() 1.7 ms
-- (three nested SECURITY DEFINER SQL functions, planned on every call); the role checks themselves
-- (app.user_holds_role, app.activity_type_usable_in) are index probes of 15-35 us.
--
-- 1. The caller's scope is per statement, not per row. app.row_left_to_rls() keeps its answer but
--    computes "bypasses RLS, or these visible organisations" once and keeps it in two transaction-local
--    settings, keyed by the caller (the role setting and request.jwt.claims). A later row of the same
--    caller is one string search. Stale-safe by construction: an organisation found in the kept set
--    is checked (never skipped); one not found is decided afresh (and the set refreshed), so a set
--    kept from an earlier statement of the transaction can never skip the checks of a row the caller
--    may now see. Rows outside the caller's scope are refused by RLS right after, so in a statement
--    at most one row takes the fresh path. The settings are trusted as request.jwt.claims is: whoever
--    can set them can already set the claims (clients cannot run SQL; PostgREST sets both).
-- 2. The proxy audit trail is written per statement: one INSERT ... SELECT over the transition table
--    instead of one INSERT per row (same rows: action, actor, row_data as before). The per-row
--    trigger and its function app.proxy_activities_write_audit() are dropped.
-- Why the attribution checks stay row-level BEFORE triggers: a statement-level trigger with
-- transition tables can only run AFTER the rows are written, i.e. after RLS's WITH CHECK (42501)
-- and after the foreign keys (23503). The checks answer 23514 before both today (an unknown person and
-- a stranger get the same 23514; a peer mentor who names a non-mentor gets 23514, not 42501), and
-- those answers are the contract (ProductRulesTest, AttackReviewTest). Only the per-statement part
-- moved. The summary and change-marker triggers were statement-level already.
-- Idempotent.

create or replace function app.row_left_to_rls(p_org_id uuid)
  returns boolean
  language plpgsql volatile
  set search_path = ''
as $$
declare
  v_key  text := coalesce(pg_catalog.current_setting('role', true), '') || ' '
                 || coalesce(pg_catalog.current_setting('request.jwt.claims', true), '');
  v_orgs text;
begin
  if pg_catalog.current_setting('app.row_check_caller', true) = v_key then
    v_orgs := pg_catalog.current_setting('app.row_check_scope', true);
    if v_orgs = '*' then
      return false;
    end if;
    -- canonical uuid text, 36 characters without commas: a match is exactly one element
    if pg_catalog.strpos(v_orgs, p_org_id::text) > 0 then
      return false;
    end if;
  end if;
  if app.caller_bypasses_rls() then
    v_orgs := '*';
  else
    v_orgs := app.visible_org_ids()::text;
  end if;
  perform pg_catalog.set_config('app.row_check_caller', v_key, true);
  perform pg_catalog.set_config('app.row_check_scope', v_orgs, true);
  if v_orgs = '*' then
    return false;
  end if;
  return not (p_org_id = any (v_orgs::uuid[]));
end
$$;
comment on function app.row_left_to_rls(uuid) is
  'True when a row of p_org_id lies outside everything the caller may see: same-org triggers skip '
  'it so that RLS refuses it without revealing memberships of another organisation. The caller''s '
  'scope is computed once and kept per caller for the transaction (settings app.row_check_caller / '
  'app.row_check_scope); an organisation missing from the kept scope is decided afresh.';
revoke execute on function app.row_left_to_rls(uuid) from public, anon, authenticated;

-- The audit trail, one statement per write statement.
create or replace function app.proxy_activities_write_audit_rows()
  returns trigger
  language plpgsql security definer
  set search_path = ''
as $$
begin
  if tg_op = 'DELETE' then
    insert into public.proxy_audit_log (proxy_activity_id, org_id, action, actor_id, actor_role,
                                        coordinator_id, attributed_mentor_id, row_data)
    select o.id, o.org_id, 'delete', (select auth.uid()), coalesce((select auth.role()), current_user::text),
           o.coordinator_id, o.attributed_mentor_id, to_jsonb(o)
      from old_rows o;
  else
    insert into public.proxy_audit_log (proxy_activity_id, org_id, action, actor_id, actor_role,
                                        coordinator_id, attributed_mentor_id, row_data)
    select n.id, n.org_id, lower(tg_op), (select auth.uid()), coalesce((select auth.role()), current_user::text),
           n.coordinator_id, n.attributed_mentor_id, to_jsonb(n)
      from new_rows n;
  end if;
  return null;
end
$$;
comment on function app.proxy_activities_write_audit_rows() is
  'AFTER INSERT/UPDATE/DELETE statement trigger of proxy_activities: one proxy_audit_log row per '
  'changed row (action, actor, the row as JSON), written with one INSERT per statement.';
revoke execute on function app.proxy_activities_write_audit_rows() from public, anon, authenticated;

drop trigger if exists proxy_activities_write_audit on public.proxy_activities;
drop function if exists app.proxy_activities_write_audit();
create or replace trigger proxy_activities_write_audit_insert
  after insert on public.proxy_activities referencing new table as new_rows
  for each statement execute function app.proxy_activities_write_audit_rows();
create or replace trigger proxy_activities_write_audit_update
  after update on public.proxy_activities referencing old table as old_rows new table as new_rows
  for each statement execute function app.proxy_activities_write_audit_rows();
create or replace trigger proxy_activities_write_audit_delete
  after delete on public.proxy_activities referencing old table as old_rows
  for each statement execute function app.proxy_activities_write_audit_rows();
