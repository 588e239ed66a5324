-- 20261205030200_organisation_tree_left_to_rls.sql
-- Why (docs/hardening.md, item 7): an org admin inserting an organisation under another
-- organisation's level-4 node got 23514 "organisation tree deeper than 5 levels" from
-- app.organisations_check_tree, while a parent they may not see at all, or one that does not exist,
-- gets RLS's 42501: the answer told a foreign node's depth. Both tree triggers also took the global
-- tree lock (version row, advisory lock) first, so such an insert waited for every tree change in
-- progress. Now both triggers first ask app.row_left_to_rls(new.parent_id), as the same-organisation
-- triggers do: a parent outside the caller's visible organisations leaves the row to RLS (42501 with
-- RLS's own message, the same for a foreign and a nonexistent parent), without lock, version bump or
-- depth check. RLS always refuses such a row: its WITH CHECK requires the parent among the caller's
-- admin organisations, which are visible ones. service_role and superusers are always checked;
-- renames and level protection (parent unchanged) are as before.
-- Replaces app.organisations_begin_tree_change() (20261204040700) and app.organisations_check_tree()
-- (20261123000200); the rest of each body is unchanged.
-- Idempotent.

create or replace function app.organisations_begin_tree_change()
  returns trigger
  language plpgsql security definer
  set search_path = ''
as $$
begin
  if tg_op = 'UPDATE' and new.parent_id is not distinct from old.parent_id then
    return new;
  end if;
  -- a parent the caller cannot see: RLS refuses the row; no version bump, no wait for other changes
  if app.row_left_to_rls(new.parent_id) then
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
  'BEFORE INSERT/UPDATE OF parent_id trigger: bumps app.organisation_tree_version (40001 on a stale snapshot); '
  'a parent outside the caller''s visible organisations is left to RLS without a bump.';

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

  -- A parent the caller cannot see (another organisation's node, or none at all): RLS refuses the row
  -- (42501) right after the BEFORE triggers. Answering "too deep" first would tell a foreign node's
  -- level, and taking the tree lock would make a stranger wait for every tree change.
  if app.row_left_to_rls(new.parent_id) then
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
comment on function app.organisations_check_tree() is
  'BEFORE INSERT/UPDATE trigger: level derived from the parent; cycles and trees deeper than 5 levels '
  'refused (23514) under the global tree lock. A parent outside the caller''s visible organisations is '
  'left to RLS (42501), unlocked and unchecked.';
