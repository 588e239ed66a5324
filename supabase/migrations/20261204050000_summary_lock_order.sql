-- 20261204050000_summary_lock_order.sql
-- Why (attack finding 4): the statement-level summary triggers of 20261123001000 lock the summary
-- row of an activity's old month (UPDATE ... subtract) before the new month's (INSERT ... ON
-- CONFLICT add). Two transactions moving activities January -> February and February -> January at
-- the same time each held one row and waited for the other's: 40P01 deadlocks (23 in 20 s under
-- load, and 504s while PostgreSQL waited deadlock_timeout).
-- Fix: both trigger functions first take the row lock of every summary row the statement touches,
-- in one global order (org_id, activity_month), with one ordered INSERT ... ON CONFLICT DO UPDATE
-- that also creates missing rows; the subtract and add steps after it only touch rows already
-- locked. Movers of opposite directions now queue on the first row in that order.
-- Remains: one transaction that writes several statements (or both activities and
-- proxy_activities) takes each statement's locks in order, but not across statements; PostgREST
-- runs one statement per request, so only RPCs that write several times can still meet this.
-- Replaces the bodies of app.activities_maintain_summary() and
-- app.proxy_activities_maintain_summary(); the triggers and the table are unchanged.
-- Idempotent: create or replace.

create or replace function app.activities_maintain_summary()
  returns trigger
  language plpgsql security definer
  set search_path = ''
as $$
declare
  key_orgs uuid[];
  key_months date[];
begin
  -- 1. lock every summary row this statement touches in one global order (org, month), creating
  --    the missing ones; the updates below then wait for nothing, so two statements that move
  --    rows between the same months in opposite directions queue instead of deadlocking
  if tg_op = 'INSERT' then
    select array_agg(k.org_id), array_agg(k.activity_month) into key_orgs, key_months
      from (select distinct n.org_id, n.activity_month from new_rows n) k;
  elsif tg_op = 'DELETE' then
    select array_agg(k.org_id), array_agg(k.activity_month) into key_orgs, key_months
      from (select distinct o.org_id, o.activity_month from old_rows o) k;
  else
    select array_agg(k.org_id), array_agg(k.activity_month) into key_orgs, key_months
      from (select o.org_id, o.activity_month from old_rows o
            union
            select n.org_id, n.activity_month from new_rows n) k;
  end if;
  insert into public.org_monthly_activity_counts as s (org_id, activity_month)
  select k.org_id, k.activity_month
    from unnest(key_orgs, key_months) as k(org_id, activity_month)
   order by k.org_id, k.activity_month
  on conflict (org_id, activity_month) do update
     set activity_count = s.activity_count;
  -- 2. old rows: subtract (the summary rows exist, because the rows were counted when written)
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
  -- 3. new rows: add, creating the summary row on first use
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
declare
  key_orgs uuid[];
  key_months date[];
begin
  -- 1. lock every summary row this statement touches in one global order (org, month), creating
  --    the missing ones; the updates below then wait for nothing, so two statements that move
  --    rows between the same months in opposite directions queue instead of deadlocking
  if tg_op = 'INSERT' then
    select array_agg(k.org_id), array_agg(k.activity_month) into key_orgs, key_months
      from (select distinct n.org_id, n.activity_month from new_rows n) k;
  elsif tg_op = 'DELETE' then
    select array_agg(k.org_id), array_agg(k.activity_month) into key_orgs, key_months
      from (select distinct o.org_id, o.activity_month from old_rows o) k;
  else
    select array_agg(k.org_id), array_agg(k.activity_month) into key_orgs, key_months
      from (select o.org_id, o.activity_month from old_rows o
            union
            select n.org_id, n.activity_month from new_rows n) k;
  end if;
  insert into public.org_monthly_activity_counts as s (org_id, activity_month)
  select k.org_id, k.activity_month
    from unnest(key_orgs, key_months) as k(org_id, activity_month)
   order by k.org_id, k.activity_month
  on conflict (org_id, activity_month) do update
     set proxy_activity_count = s.proxy_activity_count;
  -- 2. old rows: subtract (the summary rows exist, because the rows were counted when written)
  if tg_op in ('UPDATE', 'DELETE') then
    update public.org_monthly_activity_counts s
       set proxy_activity_count = s.proxy_activity_count - d.proxy_activity_count,
           proxy_duration_minutes = s.proxy_duration_minutes - d.proxy_duration_minutes
      from (select o.org_id, o.activity_month, count(*) as proxy_activity_count, sum(o.duration_minutes) as proxy_duration_minutes
              from old_rows o
             group by o.org_id, o.activity_month) d
     where s.org_id = d.org_id and s.activity_month = d.activity_month;
  end if;
  -- 3. new rows: add, creating the summary row on first use
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
