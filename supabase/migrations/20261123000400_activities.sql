-- 20261123000400_activities.sql
-- Why: activities are what Bufdir funds and what every dashboard counts (cards 000, 001, 003).
-- activity_types are defined per organisation (usually the national root) and are usable in its whole
-- subtree. activities.activity_month is a stored generated column (first day of the month of
-- activity_date) so that the monthly stats views filter on it as an index condition instead of on
-- date_trunc(...) (DESIGN §7: otherwise all history of a coordinator is read).
-- Indexes lead with org_id (RLS and every report filter on it) and INCLUDE the columns the reports
-- read, so the card queries are index-only scans:
--   (org_id, activity_date)                 card 001 aggregation (Bufdir period)
--   (org_id, coordinator_id, activity_month) card 000 coordinator_monthly_stats
--   (org_id, peer_mentor_id, activity_month) card 000 peer_mentor_monthly_stats
-- plus one index per foreign key. Same-organisation attribution is enforced by trigger: the peer mentor
-- must hold peer_mentor and the coordinator must hold coordinator in the activity's org, and the
-- activity type must belong to the org or one of its ancestors.
-- Idempotent.

create table if not exists public.activity_types (
  id         uuid        not null default gen_random_uuid(),
  org_id     uuid        not null,
  code       text        not null,
  name       text        not null,
  created_at timestamptz not null default now(),
  constraint activity_types_pkey primary key (id),
  constraint activity_types_org_id_fkey foreign key (org_id) references public.organisations (id) on delete restrict,
  constraint activity_types_org_id_code_key unique (org_id, code),
  constraint activity_types_code_check check (code ~ '^[a-z][a-z0-9_]{0,62}$'),
  constraint activity_types_name_check check (length(btrim(name)) between 1 and 200)
);
comment on table public.activity_types is
  'Kinds of activity Bufdir reports on (e.g. samtale, aktivitetsgruppe, kurs). Defined at an org, '
  'usable in its subtree.';
alter table public.activity_types enable row level security;
-- TRUNCATE ignores RLS; Supabase's default grants include it (rev-db R5)
revoke truncate on public.activity_types from anon, authenticated;

create table if not exists public.activities (
  id                uuid        not null default gen_random_uuid(),
  org_id            uuid        not null,
  peer_mentor_id    uuid        not null,
  coordinator_id    uuid,
  activity_type_id  uuid        not null,
  activity_date     date        not null,
  activity_month    date        generated always as ((date_trunc('month', activity_date::timestamp))::date) stored,
  occurred_at       timestamptz,
  duration_minutes  integer,
  session_count     integer     not null default 1,
  participant_count integer     not null default 1,
  notes             text,
  created_at        timestamptz not null default now(),
  updated_at        timestamptz not null default now(),
  constraint activities_pkey primary key (id),
  constraint activities_org_id_fkey foreign key (org_id) references public.organisations (id) on delete restrict,
  constraint activities_peer_mentor_id_fkey foreign key (peer_mentor_id) references public.users (id) on delete restrict,
  constraint activities_coordinator_id_fkey foreign key (coordinator_id) references public.users (id) on delete set null,
  constraint activities_activity_type_id_fkey foreign key (activity_type_id) references public.activity_types (id) on delete restrict,
  constraint activities_duration_minutes_check check (duration_minutes is null or duration_minutes between 1 and 1440),
  constraint activities_session_count_check check (session_count >= 1),
  constraint activities_participant_count_check check (participant_count >= 0),
  constraint activities_activity_date_check check (activity_date between date '2000-01-01' and date '2100-12-31')
);
comment on table public.activities is
  'Direct activities of a peer mentor. duration_minutes null = unknown (counted as 0 minutes). '
  'Months are calendar months of activity_date.';
comment on column public.activities.activity_month is 'First day of the month of activity_date (generated).';

create index if not exists activities_org_id_activity_date_idx
  on public.activities (org_id, activity_date)
  include (peer_mentor_id, activity_type_id, session_count, duration_minutes);
create index if not exists activities_org_id_coordinator_id_activity_month_idx
  on public.activities (org_id, coordinator_id, activity_month)
  include (activity_type_id, duration_minutes, peer_mentor_id);
create index if not exists activities_org_id_peer_mentor_id_activity_month_idx
  on public.activities (org_id, peer_mentor_id, activity_month)
  include (activity_type_id, duration_minutes);
create index if not exists activities_peer_mentor_id_activity_date_idx
  on public.activities (peer_mentor_id, activity_date);
create index if not exists activities_coordinator_id_idx on public.activities (coordinator_id);
create index if not exists activities_activity_type_id_idx on public.activities (activity_type_id);
alter table public.activities enable row level security;
-- TRUNCATE ignores RLS; Supabase's default grants include it (rev-db R5)
revoke truncate on public.activities from anon, authenticated;

create or replace trigger activities_set_updated_at
  before update on public.activities
  for each row execute function app.set_updated_at();

-- The activity type of a row must be defined at the row's org or one of its ancestors.
create or replace function app.activity_type_usable_in(p_activity_type_id uuid, p_org_id uuid)
  returns boolean
  language sql stable security definer
  set search_path = ''
as $$
  select exists (select 1
                   from public.activity_types t
                   join public.organisation_closure c on c.ancestor_id = t.org_id
                  where t.id = p_activity_type_id and c.descendant_id = p_org_id)
$$;
revoke execute on function app.activity_type_usable_in(uuid, uuid) from public, anon, authenticated;

create or replace function app.activities_check_attribution()
  returns trigger
  language plpgsql security definer
  set search_path = ''
as $$
begin
  -- rows the caller cannot see at all are RLS's to refuse (rev-db finding R6)
  if app.row_left_to_rls(new.org_id) then
    return new;
  end if;
  if not app.user_holds_role(new.peer_mentor_id, new.org_id, 'peer_mentor') then
    raise exception 'peer mentor % is not a peer_mentor of organisation %', new.peer_mentor_id, new.org_id
      using errcode = '23514', constraint = 'activities_same_org_attribution';
  end if;
  if new.coordinator_id is not null
     and not app.user_holds_role(new.coordinator_id, new.org_id, 'coordinator') then
    raise exception 'coordinator % is not a coordinator of organisation %', new.coordinator_id, new.org_id
      using errcode = '23514', constraint = 'activities_same_org_attribution';
  end if;
  if not app.activity_type_usable_in(new.activity_type_id, new.org_id) then
    raise exception 'activity type % is not defined for organisation %', new.activity_type_id, new.org_id
      using errcode = '23514', constraint = 'activities_activity_type_org';
  end if;
  return new;
end
$$;

create or replace trigger activities_check_attribution
  before insert or update of org_id, peer_mentor_id, coordinator_id, activity_type_id on public.activities
  for each row execute function app.activities_check_attribution();

drop policy if exists activity_types_select on public.activity_types;
create policy activity_types_select on public.activity_types for select to authenticated
  using (org_id = any ((select app.lineage_org_ids())::uuid[]));
drop policy if exists activity_types_insert on public.activity_types;
create policy activity_types_insert on public.activity_types for insert to authenticated
  with check (org_id = any ((select app.admin_org_ids())::uuid[]));
drop policy if exists activity_types_update on public.activity_types;
create policy activity_types_update on public.activity_types for update to authenticated
  using (org_id = any ((select app.admin_org_ids())::uuid[]))
  with check (org_id = any ((select app.admin_org_ids())::uuid[]));
drop policy if exists activity_types_delete on public.activity_types;
create policy activity_types_delete on public.activity_types for delete to authenticated
  using (org_id = any ((select app.admin_org_ids())::uuid[]));

-- Peer mentors: their own rows in orgs where they are peer_mentor. Staff: every row of their orgs.
-- SELECT is an OR of "own rows" and "staff of the org", so it can never be an index condition and is
-- evaluated per row. `org_id = any(<array>)` costs O(array length) per row (PostgreSQL 15 hashes only
-- constant arrays): 1,400 orgs x 667,000 rows for a national Bufdir year. The IN (subquery) form is a
-- hashed SubPlan, built once per statement and O(1) per row (measured on small(): county year 39 ms
-- -> 18 ms, whole-table count 82 ms -> 42 ms). The query's own org_id predicate stays the index condition.
drop policy if exists activities_select on public.activities;
create policy activities_select on public.activities for select to authenticated
  using (peer_mentor_id = (select auth.uid())
         or org_id in (select unnest((select app.staff_org_ids()))));
drop policy if exists activities_insert on public.activities;
create policy activities_insert on public.activities for insert to authenticated
  with check (org_id = any ((select app.staff_org_ids())::uuid[])
              or (peer_mentor_id = (select auth.uid())
                  and org_id = any ((select app.org_ids_with_role(array['peer_mentor']))::uuid[])));
drop policy if exists activities_update on public.activities;
create policy activities_update on public.activities for update to authenticated
  using (org_id = any ((select app.staff_org_ids())::uuid[])
         or (peer_mentor_id = (select auth.uid())
             and org_id = any ((select app.org_ids_with_role(array['peer_mentor']))::uuid[])))
  with check (org_id = any ((select app.staff_org_ids())::uuid[])
              or (peer_mentor_id = (select auth.uid())
                  and org_id = any ((select app.org_ids_with_role(array['peer_mentor']))::uuid[])));
drop policy if exists activities_delete on public.activities;
create policy activities_delete on public.activities for delete to authenticated
  using (org_id = any ((select app.staff_org_ids())::uuid[])
         or (peer_mentor_id = (select auth.uid())
             and org_id = any ((select app.org_ids_with_role(array['peer_mentor']))::uuid[])));
