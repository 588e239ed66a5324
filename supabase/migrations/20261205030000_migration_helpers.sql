-- 20261205030000_migration_helpers.sql
-- Why: every table migration repeats the same block ("enable RLS, revoke TRUNCATE from the API roles,
-- updated_at trigger", six times so far) and every table with people in it the same same-organisation
-- trigger body (five times). A forgotten line is a hole (TRUNCATE ignores RLS; Supabase grants it to
-- the API roles by default), so later migrations call one helper each (docs/database.md, "How to write
-- a migration"). The existing migrations stay as they are (a project may have applied them).
--   select app.secure_table('public.t');
--       RLS enabled, TRUNCATE revoked from anon and authenticated, and, when the table has an
--       updated_at column, trigger <table>_set_updated_at (BEFORE UPDATE, app.set_updated_at()).
--       Policies are still written by hand, in the same migration.
--   select app.add_same_org_check('public.t', 't_same_org', 'peer_mentor_id=peer_mentor', 'coordinator_id=coordinator');
--       trigger <table>_check_same_org: BEFORE INSERT OR UPDATE OF org_id and the named columns, for
--       each row: every named person (when not null) must hold the role in the row's org_id, else
--       23514 with the given constraint name and the message "<person> <id> is not a <role> of
--       organisation <org>" (the wording of the existing triggers). Rows of an organisation the
--       caller cannot see are left to RLS (app.row_left_to_rls); service_role rows are checked.
--       A null person is not checked: NOT NULL is the column's job.
-- Both are idempotent (create or replace trigger), owned by the migration role and not callable by
-- the API roles.
-- Idempotent.

create or replace function app.secure_table(p_table regclass)
  returns void
  language plpgsql
  set search_path = ''
as $$
begin
  execute pg_catalog.format('alter table %s enable row level security', p_table);
  execute pg_catalog.format('revoke truncate on %s from anon, authenticated', p_table);
  if exists (select from pg_catalog.pg_attribute a
              where a.attrelid = p_table and a.attname = 'updated_at' and not a.attisdropped) then
    execute pg_catalog.format(
      'create or replace trigger %I before update on %s for each row execute function app.set_updated_at()',
      (select c.relname from pg_catalog.pg_class c where c.oid = p_table) || '_set_updated_at', p_table);
  end if;
end
$$;
comment on function app.secure_table(regclass) is
  'Migration helper: enables RLS, revokes TRUNCATE from anon and authenticated and, for a table with '
  'updated_at, creates trigger <table>_set_updated_at. Idempotent. Policies are written separately.';
revoke execute on function app.secure_table(regclass) from public, anon, authenticated, service_role;

-- The trigger body behind app.add_same_org_check. Arguments: the constraint name, then
-- '<column>=<role>' pairs. Columns are read from the row by name (to_jsonb), so one function serves
-- every table with an org_id.
create or replace function app.check_same_org()
  returns trigger
  language plpgsql security definer
  set search_path = ''
as $$
declare
  v_row    jsonb := pg_catalog.to_jsonb(new);
  v_org_id uuid := (v_row ->> 'org_id')::uuid;
  v_column text;
  v_role   text;
  v_person uuid;
begin
  if app.row_left_to_rls(v_org_id) then
    return new;
  end if;
  for i in 1 .. tg_nargs - 1 loop
    v_column := pg_catalog.split_part(tg_argv[i], '=', 1);
    v_role := pg_catalog.split_part(tg_argv[i], '=', 2);
    v_person := (v_row ->> v_column)::uuid;
    if v_person is not null and not app.user_holds_role(v_person, v_org_id, v_role) then
      raise exception '% % is not a % of organisation %',
        pg_catalog.replace(pg_catalog.regexp_replace(v_column, '_id$', ''), '_', ' '), v_person, v_role, v_org_id
        using errcode = '23514', constraint = tg_argv[0];
    end if;
  end loop;
  return new;
end
$$;
comment on function app.check_same_org() is
  'BEFORE INSERT/UPDATE row trigger made by app.add_same_org_check: each named person column must hold '
  'its role in the row''s org_id (23514 with the constraint name of argument 0); rows outside the '
  'caller''s visible organisations are left to RLS.';
revoke execute on function app.check_same_org() from public, anon, authenticated;

create or replace function app.add_same_org_check(p_table regclass, p_constraint text,
                                                  variadic p_column_roles text[])
  returns void
  language plpgsql
  set search_path = ''
as $$
declare
  v_pair    text;
  v_columns text := 'org_id';
  v_args    text := pg_catalog.quote_literal(p_constraint);
begin
  if p_constraint is null or p_constraint !~ '^[a-z][a-z0-9_]*$' then
    raise exception 'constraint name % must be a lower-case identifier', p_constraint using errcode = '22023';
  end if;
  if coalesce(pg_catalog.cardinality(p_column_roles), 0) = 0 then
    raise exception 'name at least one person column as ''<column>=<role>''' using errcode = '22023';
  end if;
  foreach v_pair in array p_column_roles loop
    if v_pair !~ '^[a-z][a-z0-9_]*=(peer_mentor|coordinator|org_admin)$' then
      raise exception '% is not ''<column>=<role>'' with role peer_mentor, coordinator or org_admin', v_pair
        using errcode = '22023';
    end if;
    if not exists (select from pg_catalog.pg_attribute a
                    where a.attrelid = p_table and a.attname = pg_catalog.split_part(v_pair, '=', 1)
                      and not a.attisdropped and a.attnum > 0) then
      raise exception 'table % has no column %', p_table, pg_catalog.split_part(v_pair, '=', 1)
        using errcode = '42703';
    end if;
    v_columns := v_columns || ', ' || pg_catalog.quote_ident(pg_catalog.split_part(v_pair, '=', 1));
    v_args := v_args || ', ' || pg_catalog.quote_literal(v_pair);
  end loop;
  execute pg_catalog.format(
    'create or replace trigger %I before insert or update of %s on %s for each row execute function app.check_same_org(%s)',
    (select c.relname from pg_catalog.pg_class c where c.oid = p_table) || '_check_same_org',
    v_columns, p_table, v_args);
end
$$;
comment on function app.add_same_org_check(regclass, text, text[]) is
  'Migration helper: creates trigger <table>_check_same_org (app.check_same_org) checking that each '
  '''<column>=<role>'' person holds the role in the row''s org_id; 23514 with the given constraint name.';
revoke execute on function app.add_same_org_check(regclass, text, text[]) from public, anon, authenticated, service_role;
