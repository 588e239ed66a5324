-- 20261204010000_stats_change_markers.sql
-- Why (card 000, sdk-stats' cache): a client caches monthly stats, and change events only reach the
-- process that wrote. For freshness across devices a cache asks, once per revalidation interval, one
-- cheap question per organisation: "has any activity of this organisation changed since I loaded?"
-- This table answers it with a per-organisation change marker, bumped by statement-level triggers
-- with transition tables on activities and proxy_activities (insert, update incl. moves between
-- organisations, delete): one upsert per statement, whatever the number of rows.
-- version comes from a sequence, so every bump gives a value never seen before, also after the data
-- is truncated and reloaded (the sequence is not reset): a cache compares for equality only.
-- Separate from the activity summaries (20261123001000): its own trigger functions and triggers, so
-- that the summary triggers can change without touching this.
-- Lock order: rows are upserted in org_id order; on each table these triggers fire before the summary
-- triggers (trigger names sort "stats" < "summary"), the same order for every writer.
-- Who reads: members of the organisation and admins of its subtree (app.visible_org_ids(), like
-- organisations), through RLS, directly or with public.stats_change_marker(org) (SECURITY INVOKER: 0
-- for an organisation the caller may not see or that never changed). A marker tells only that
-- something changed and when, never what.
-- Only the triggers write it (SECURITY DEFINER). Idempotent.

create sequence if not exists app.org_activity_change_seq as bigint;
comment on sequence app.org_activity_change_seq is
  'Values of org_activity_changes.version: every bump is a value never used before.';

create table if not exists public.org_activity_changes (
  org_id     uuid        not null,
  version    bigint      not null,
  changed_at timestamptz not null default now(),
  constraint org_activity_changes_pkey primary key (org_id),
  constraint org_activity_changes_org_id_fkey foreign key (org_id)
    references public.organisations (id) on delete cascade
);
comment on table public.org_activity_changes is
  'Per organisation: a change marker of its activities and proxy activities, bumped by trigger on '
  'every write (sdk-stats cache revalidation across devices). version changes on every write; '
  'changed_at is the time of the last one.';
alter table public.org_activity_changes enable row level security;
revoke insert, update, delete, truncate on public.org_activity_changes from anon, authenticated;

drop policy if exists org_activity_changes_select on public.org_activity_changes;
create policy org_activity_changes_select on public.org_activity_changes for select to authenticated
  using (org_id = any ((select app.visible_org_ids())::uuid[]));

-- One function for both tables: only org_id of the transition tables is read.
create or replace function app.bump_org_activity_changes()
  returns trigger
  language plpgsql security definer
  set search_path = ''
as $$
begin
  if tg_op = 'INSERT' then
    insert into public.org_activity_changes as m (org_id, version, changed_at)
    select o.org_id, nextval('app.org_activity_change_seq'), now()
      from (select distinct n.org_id from new_rows n) o
     order by o.org_id
    on conflict (org_id) do update set version = excluded.version, changed_at = excluded.changed_at;
  elsif tg_op = 'UPDATE' then
    insert into public.org_activity_changes as m (org_id, version, changed_at)
    select o.org_id, nextval('app.org_activity_change_seq'), now()
      from (select n.org_id from new_rows n union select d.org_id from old_rows d) o
     order by o.org_id
    on conflict (org_id) do update set version = excluded.version, changed_at = excluded.changed_at;
  else
    insert into public.org_activity_changes as m (org_id, version, changed_at)
    select o.org_id, nextval('app.org_activity_change_seq'), now()
      from (select distinct d.org_id from old_rows d) o
     order by o.org_id
    on conflict (org_id) do update set version = excluded.version, changed_at = excluded.changed_at;
  end if;
  return null;
end
$$;
revoke execute on function app.bump_org_activity_changes() from public, anon, authenticated;

create or replace trigger activities_stats_change_insert
  after insert on public.activities referencing new table as new_rows
  for each statement execute function app.bump_org_activity_changes();
create or replace trigger activities_stats_change_update
  after update on public.activities referencing old table as old_rows new table as new_rows
  for each statement execute function app.bump_org_activity_changes();
create or replace trigger activities_stats_change_delete
  after delete on public.activities referencing old table as old_rows
  for each statement execute function app.bump_org_activity_changes();
create or replace trigger proxy_activities_stats_change_insert
  after insert on public.proxy_activities referencing new table as new_rows
  for each statement execute function app.bump_org_activity_changes();
create or replace trigger proxy_activities_stats_change_update
  after update on public.proxy_activities referencing old table as old_rows new table as new_rows
  for each statement execute function app.bump_org_activity_changes();
create or replace trigger proxy_activities_stats_change_delete
  after delete on public.proxy_activities referencing old table as old_rows
  for each statement execute function app.bump_org_activity_changes();

-- The tiny read: one primary-key probe under the caller's RLS.
create or replace function public.stats_change_marker(p_org_id uuid)
  returns bigint
  language sql stable security invoker
  set search_path = ''
as $$
  select coalesce((select c.version from public.org_activity_changes c where c.org_id = p_org_id), 0)
$$;
comment on function public.stats_change_marker(uuid) is
  'The change marker of an organisation''s activities (0 when it never changed or the caller may not '
  'see it). Equal values mean no activity or proxy activity of the organisation changed in between.';
revoke execute on function public.stats_change_marker(uuid) from public, anon;
grant execute on function public.stats_change_marker(uuid) to authenticated, service_role;
