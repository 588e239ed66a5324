-- 20261204040700_organisation_tree_isolation.sql
-- Why: tree changes must stay correct under every isolation level. The advisory lock of
-- app.organisations_check_tree (20261123000200, rev-db R2) serialises tree changes, and under READ
-- COMMITTED each later statement sees what the previous holder committed. Under REPEATABLE READ and
-- SERIALIZABLE a transaction keeps the snapshot it took before it waited, so after the lock it would
-- still check for cycles and copy ancestors from the old tree: two racing re-parentings could both
-- commit a cycle, and an insert below a moved node could copy its old ancestors.
-- Fix: every tree change (an insert, or an update that changes parent_id) first updates the one row of
-- app.organisation_tree_version. PostgreSQL itself then does the right thing at every level:
--   READ COMMITTED     the update waits for a concurrent tree change and proceeds after it (as before);
--   REPEATABLE READ /  the update fails with 40001 (serialization_failure) when another tree change
--   SERIALIZABLE       committed after the transaction's snapshot, whether it waited for it or not.
-- So one of two racing changes commits and the other fails cleanly with 40001 ("retry"), which the
-- SDK treats as retryable; a retry runs on a fresh snapshot and sees the new tree. The trigger is named
-- to fire before organisations_check_tree (triggers of one event fire in name order), so no check
-- runs on a stale tree. Renames do not touch the version row.
-- Idempotent.

create table if not exists app.organisation_tree_version (
  id      boolean     not null default true,
  version bigint      not null default 0,
  constraint organisation_tree_version_pkey primary key (id),
  constraint organisation_tree_version_one_row_check check (id)
);
comment on table app.organisation_tree_version is
  'One row, bumped by every organisation tree change: a REPEATABLE READ / SERIALIZABLE tree change whose '
  'snapshot predates another committed tree change fails on it with 40001.';
insert into app.organisation_tree_version (id, version) values (true, 0) on conflict (id) do nothing;
-- the app schema is not exposed; only the SECURITY DEFINER trigger writes it
revoke all on app.organisation_tree_version from public, anon, authenticated;

create or replace function app.organisations_begin_tree_change()
  returns trigger
  language plpgsql security definer
  set search_path = ''
as $$
begin
  if tg_op = 'UPDATE' and new.parent_id is not distinct from old.parent_id then
    return new;
  end if;
  begin
    update app.organisation_tree_version set version = version + 1 where id;
  exception when serialization_failure then
    raise exception 'the organisation tree was changed by another transaction after this one started; retry it'
      using errcode = '40001', hint = 'Tree changes under REPEATABLE READ or SERIALIZABLE fail when they race; a retry sees the new tree.';
  end;
  return new;
end
$$;
comment on function app.organisations_begin_tree_change() is
  'BEFORE INSERT/UPDATE OF parent_id trigger: bumps app.organisation_tree_version (40001 on a stale snapshot).';

create or replace trigger organisations_begin_tree_change
  before insert or update of parent_id on public.organisations
  for each row execute function app.organisations_begin_tree_change();
