-- 20261123000200_organisations_tree.sql
-- Why: every row of the domain belongs to an organisation in a tree of at most 5 levels
-- (national 0, region 1, ... chapter up to 4). An org admin sees its whole subtree, and policies must
-- answer "is X under Y" with one index probe, so the tree is kept twice: as parent_id (the truth) and
-- as the closure table organisation_closure (every ancestor/descendant pair with its depth), which
-- triggers keep exact on insert and on re-parenting. The triggers refuse cycles and trees deeper than
-- 5 levels. RLS is enabled here; the policies follow in 20261123000300 together with the helpers
-- they call (until then only the owner and service_role see rows).
-- Idempotent.

create table if not exists public.organisations (
  id         uuid        not null default gen_random_uuid(),
  parent_id  uuid,
  name       text        not null,
  level      smallint    not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint organisations_pkey primary key (id),
  constraint organisations_parent_id_fkey foreign key (parent_id)
    references public.organisations (id) on delete restrict,
  constraint organisations_level_check check (level between 0 and 4),
  constraint organisations_name_check check (length(btrim(name)) between 1 and 200),
  constraint organisations_root_level_check check ((parent_id is null) = (level = 0))
);
comment on table public.organisations is
  'Organisation tree (national root, regions, ..., chapters), at most 5 levels (level 0..4). '
  'level is derived from parent_id by trigger; organisation_closure mirrors the tree.';
create index if not exists organisations_parent_id_idx on public.organisations (parent_id);
alter table public.organisations enable row level security;
-- TRUNCATE ignores RLS; Supabase's default grants include it (rev-db R5)
revoke truncate on public.organisations from anon, authenticated;

create table if not exists public.organisation_closure (
  ancestor_id   uuid     not null,
  descendant_id uuid     not null,
  depth         smallint not null,
  constraint organisation_closure_pkey primary key (ancestor_id, descendant_id),
  constraint organisation_closure_ancestor_id_fkey foreign key (ancestor_id)
    references public.organisations (id) on delete cascade,
  constraint organisation_closure_descendant_id_fkey foreign key (descendant_id)
    references public.organisations (id) on delete cascade,
  constraint organisation_closure_depth_check check (depth between 0 and 4)
);
comment on table public.organisation_closure is
  'Transitive closure of organisations.parent_id, including (id, id, 0). Maintained only by triggers '
  'on organisations; never write it directly.';
-- reverse lookup: all ancestors of an organisation (also serves the descendant FK)
create index if not exists organisation_closure_descendant_id_idx
  on public.organisation_closure (descendant_id, ancestor_id, depth);
alter table public.organisation_closure enable row level security;

-- The tree triggers are SECURITY DEFINER: they must see and write the whole closure table whatever
-- the caller's RLS view of it is (an org admin creating a chapter cannot see its siblings' rows).

-- BEFORE INSERT/UPDATE: derive level from the parent; refuse cycles and depth > 5 levels.
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

-- AFTER INSERT: the new node's closure rows: itself plus every ancestor of its parent.
create or replace function app.organisations_closure_insert()
  returns trigger
  language plpgsql
  security definer
  set search_path = ''
as $$
begin
  insert into public.organisation_closure (ancestor_id, descendant_id, depth)
  select c.ancestor_id, new.id, c.depth + 1
    from public.organisation_closure c
   where c.descendant_id = new.parent_id
  union all
  select new.id, new.id, 0;
  return null;
end
$$;

-- AFTER UPDATE OF parent_id: detach the subtree from its old ancestors, attach it to the new ones,
-- and shift the levels of the subtree.
create or replace function app.organisations_closure_move()
  returns trigger
  language plpgsql
  security definer
  set search_path = ''
as $$
begin
  if new.parent_id is not distinct from old.parent_id then
    return null;
  end if;
  delete from public.organisation_closure c
   using public.organisation_closure sub
   where sub.ancestor_id = new.id
     and c.descendant_id = sub.descendant_id
     and c.ancestor_id not in (select s2.descendant_id from public.organisation_closure s2
                                where s2.ancestor_id = new.id);
  insert into public.organisation_closure (ancestor_id, descendant_id, depth)
  select up.ancestor_id, sub.descendant_id, up.depth + sub.depth + 1
    from public.organisation_closure up
    cross join public.organisation_closure sub
   where up.descendant_id = new.parent_id
     and sub.ancestor_id = new.id;
  update public.organisations o
     set level = new.level + c.depth
    from public.organisation_closure c
   where c.ancestor_id = new.id and c.descendant_id = o.id and c.depth > 0
     and o.level <> new.level + c.depth;
  return null;
end
$$;

create or replace trigger organisations_check_tree
  before insert or update on public.organisations
  for each row execute function app.organisations_check_tree();
create or replace trigger organisations_closure_insert
  after insert on public.organisations
  for each row execute function app.organisations_closure_insert();
create or replace trigger organisations_closure_move
  after update of parent_id on public.organisations
  for each row execute function app.organisations_closure_move();
create or replace trigger organisations_set_updated_at
  before update on public.organisations
  for each row execute function app.set_updated_at();
