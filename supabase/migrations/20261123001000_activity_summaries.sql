-- 20261123001000_activity_summaries.sql
-- Why (card 003, DESIGN §7): counting activities of a national root under RLS reads all history
-- (0.28 s at 2M rows and growing). Admin KPIs read this per org x month summary instead, which is
-- O(orgs x months) whatever the history length. It is kept EXACT at write time by statement-level
-- triggers with transition tables on activities and proxy_activities (insert, update incl. moves
-- between orgs/months, delete): one upsert per statement, not per row. Direct and proxy activities
-- are kept in separate columns so every report can count each exactly once.
-- Concurrency: old rows are subtracted with UPDATE and new rows added with INSERT ... ON CONFLICT DO
-- UPDATE, both under the row lock of the summary row, so concurrent writers never lose an increment.
-- (A single INSERT ... ON CONFLICT cannot carry negative deltas: the CHECK on the proposed row fires
-- before the conflict is detected.)
-- Only the triggers write it (SECURITY DEFINER); staff read the rows of their orgs through RLS.
-- app.rebuild_activity_summaries() recomputes it from scratch (bulk loads that bypass triggers).
-- Idempotent: the backfill overwrites with recomputed values.

create table if not exists public.org_monthly_activity_counts (
  org_id                 uuid   not null,
  activity_month         date   not null,
  activity_count         bigint not null default 0,
  session_count          bigint not null default 0,
  duration_minutes       bigint not null default 0,
  proxy_activity_count   bigint not null default 0,
  proxy_duration_minutes bigint not null default 0,
  constraint org_monthly_activity_counts_pkey primary key (org_id, activity_month),
  constraint org_monthly_activity_counts_org_id_fkey foreign key (org_id)
    references public.organisations (id) on delete cascade,
  constraint org_monthly_activity_counts_month_check check (activity_month = date_trunc('month', activity_month::timestamp)::date),
  constraint org_monthly_activity_counts_nonnegative_check check (
    activity_count >= 0 and session_count >= 0 and duration_minutes >= 0
    and proxy_activity_count >= 0 and proxy_duration_minutes >= 0)
);
comment on table public.org_monthly_activity_counts is
  'Exact per org x calendar month totals of activities (direct) and proxy_activities, maintained by '
  'triggers; the source of admin KPIs (card 003). Null durations count as 0.';
alter table public.org_monthly_activity_counts enable row level security;
revoke insert, update, delete, truncate on public.org_monthly_activity_counts from anon, authenticated;

drop policy if exists org_monthly_activity_counts_select on public.org_monthly_activity_counts;
create policy org_monthly_activity_counts_select on public.org_monthly_activity_counts for select to authenticated
  using (org_id = any ((select app.staff_org_ids())::uuid[]));

create or replace function app.activities_maintain_summary()
  returns trigger
  language plpgsql security definer
  set search_path = ''
as $$
begin
  -- old rows: subtract (the summary rows exist, because the rows were counted when written)
  if tg_op in ('UPDATE', 'DELETE') then
    update public.org_monthly_activity_counts s
       set activity_count = s.activity_count - d.activity_count,
           session_count = s.session_count - d.session_count,
           duration_minutes = s.duration_minutes - d.duration_minutes
      from (select o.org_id, o.activity_month, count(*) as activity_count, sum(o.session_count) as session_count, coalesce(sum(o.duration_minutes), 0) as duration_minutes
              from old_rows o
             group by o.org_id, o.activity_month) d
     where s.org_id = d.org_id and s.activity_month = d.activity_month;
  end if;
  -- new rows: add, creating the summary row on first use
  if tg_op in ('INSERT', 'UPDATE') then
    insert into public.org_monthly_activity_counts as s (org_id, activity_month, activity_count, session_count, duration_minutes)
    select n.org_id, n.activity_month, count(*) as activity_count, sum(n.session_count) as session_count, coalesce(sum(n.duration_minutes), 0) as duration_minutes
      from new_rows n
     group by n.org_id, n.activity_month
     order by 1, 2
    on conflict (org_id, activity_month) do update
       set activity_count = s.activity_count + excluded.activity_count,
           session_count = s.session_count + excluded.session_count,
           duration_minutes = s.duration_minutes + excluded.duration_minutes;
  end if;
  return null;
end
$$;

create or replace function app.proxy_activities_maintain_summary()
  returns trigger
  language plpgsql security definer
  set search_path = ''
as $$
begin
  -- old rows: subtract (the summary rows exist, because the rows were counted when written)
  if tg_op in ('UPDATE', 'DELETE') then
    update public.org_monthly_activity_counts s
       set proxy_activity_count = s.proxy_activity_count - d.proxy_activity_count,
           proxy_duration_minutes = s.proxy_duration_minutes - d.proxy_duration_minutes
      from (select o.org_id, o.activity_month, count(*) as proxy_activity_count, sum(o.duration_minutes) as proxy_duration_minutes
              from old_rows o
             group by o.org_id, o.activity_month) d
     where s.org_id = d.org_id and s.activity_month = d.activity_month;
  end if;
  -- new rows: add, creating the summary row on first use
  if tg_op in ('INSERT', 'UPDATE') then
    insert into public.org_monthly_activity_counts as s (org_id, activity_month, proxy_activity_count, proxy_duration_minutes)
    select n.org_id, n.activity_month, count(*) as proxy_activity_count, sum(n.duration_minutes) as proxy_duration_minutes
      from new_rows n
     group by n.org_id, n.activity_month
     order by 1, 2
    on conflict (org_id, activity_month) do update
       set proxy_activity_count = s.proxy_activity_count + excluded.proxy_activity_count,
           proxy_duration_minutes = s.proxy_duration_minutes + excluded.proxy_duration_minutes;
  end if;
  return null;
end
$$;

create or replace trigger activities_summary_insert
  after insert on public.activities referencing new table as new_rows
  for each statement execute function app.activities_maintain_summary();
create or replace trigger activities_summary_update
  after update on public.activities referencing old table as old_rows new table as new_rows
  for each statement execute function app.activities_maintain_summary();
create or replace trigger activities_summary_delete
  after delete on public.activities referencing old table as old_rows
  for each statement execute function app.activities_maintain_summary();
create or replace trigger proxy_activities_summary_insert
  after insert on public.proxy_activities referencing new table as new_rows
  for each statement execute function app.proxy_activities_maintain_summary();
create or replace trigger proxy_activities_summary_update
  after update on public.proxy_activities referencing old table as old_rows new table as new_rows
  for each statement execute function app.proxy_activities_maintain_summary();
create or replace trigger proxy_activities_summary_delete
  after delete on public.proxy_activities referencing old table as old_rows
  for each statement execute function app.proxy_activities_maintain_summary();

-- Recomputes the whole summary from the base tables (after bulk loads with triggers disabled).
create or replace function app.rebuild_activity_summaries()
  returns void
  language plpgsql volatile security definer
  set search_path = ''
as $$
begin
  delete from public.org_monthly_activity_counts;
  insert into public.org_monthly_activity_counts
         (org_id, activity_month, activity_count, session_count, duration_minutes,
          proxy_activity_count, proxy_duration_minutes)
  select k.org_id, k.activity_month,
         coalesce(sum(k.ac), 0), coalesce(sum(k.sc), 0), coalesce(sum(k.dm), 0),
         coalesce(sum(k.pc), 0), coalesce(sum(k.pdm), 0)
    from (select a.org_id, a.activity_month, count(*) as ac, sum(a.session_count) as sc,
                 coalesce(sum(a.duration_minutes), 0) as dm, 0::bigint as pc, 0::bigint as pdm
            from public.activities a group by a.org_id, a.activity_month
          union all
          select p.org_id, p.activity_month, 0, 0, 0, count(*), sum(p.duration_minutes)
            from public.proxy_activities p group by p.org_id, p.activity_month) k
   group by k.org_id, k.activity_month;
end
$$;
revoke execute on function app.rebuild_activity_summaries() from public, anon, authenticated;

do $backfill$ begin perform app.rebuild_activity_summaries(); end $backfill$;
