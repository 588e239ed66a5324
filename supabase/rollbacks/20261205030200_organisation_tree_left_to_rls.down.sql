-- Rollback of 20261205030200_organisation_tree_left_to_rls.sql: both tree trigger functions as
-- 20261123000200 and 20261204040700 defined them (depth check and tree lock before RLS).

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

create or replace function app.organisations_check_tree()
  returns trigger
  language plpgsql
  security definer
  set search_path = ''
as $$
declare
  v_parent_level smallint;
  v_subtree_height smallint;
begin
  if tg_op = 'UPDATE' and new.parent_id is not distinct from old.parent_id then
    -- only the re-parenting trigger itself may move levels (pg_trigger_depth() > 1)
    if new.level <> old.level and pg_catalog.pg_trigger_depth() < 2 then
      raise exception 'organisations.level is derived from parent_id and cannot be set'
        using errcode = '23514', constraint = 'organisations_level_check';
    end if;
    return new;
  end if;

  -- Tree changes are serialised (rev-db finding R2). Without this, two READ COMMITTED transactions
  -- that re-parent A under B and B under A each check the closure before the other commits and
  -- both succeed (a cycle, detached from every root); an insert below a node being moved copies the
  -- node's old ancestors (a stale closure: the old region's admin keeps seeing the new chapter). The
  -- lock is held to commit; every later statement of this trigger and of the AFTER triggers takes a
  -- fresh snapshot (READ COMMITTED, as PostgREST runs), so it sees the committed tree. Tree changes
  -- are rare (admins creating chapters, service_role moving them), so one lock for the whole tree costs
  -- nothing measurable. Key: an arbitrary constant for "organisation tree".
  perform pg_catalog.pg_advisory_xact_lock(7436518201946011);

  if new.parent_id is null then
    new.level := 0;
  else
    if tg_op = 'UPDATE' and (new.parent_id = new.id or exists (
          select 1 from public.organisation_closure c
           where c.ancestor_id = new.id and c.descendant_id = new.parent_id)) then
      raise exception 'organisation % cannot move under its own subtree (cycle)', new.id
        using errcode = '23514', constraint = 'organisations_no_cycle';
    end if;
    select o.level into v_parent_level from public.organisations o where o.id = new.parent_id;
    if not found then
      return new; -- the foreign key reports the missing parent
    end if;
    new.level := v_parent_level + 1;
  end if;

  v_subtree_height := 0;
  if tg_op = 'UPDATE' then
    select coalesce(max(c.depth), 0) into v_subtree_height
      from public.organisation_closure c where c.ancestor_id = new.id;
  end if;
  if new.level + v_subtree_height > 4 then
    raise exception 'organisation tree deeper than 5 levels (level % + subtree height %)',
      new.level, v_subtree_height
      using errcode = '23514', constraint = 'organisations_level_check';
  end if;
  return new;
end
$$;
comment on function app.organisations_check_tree() is null;
