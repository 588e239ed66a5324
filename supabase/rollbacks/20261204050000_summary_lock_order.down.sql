-- Rollback of 20261204050000_summary_lock_order.sql: the trigger functions as 20261123001000
-- defined them (old month locked before new month).

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
