-- 20261123000600_proxy_audit_log.sql
-- Why (card 002): every proxy registration must leave an audit record that nobody can change: not a
-- coordinator, not an admin, not service_role (which bypasses RLS, so RLS alone cannot protect it).
-- Protection in depth:
--   1. RLS with a SELECT policy only: no role gets INSERT/UPDATE/DELETE through a policy.
--   2. UPDATE, DELETE and TRUNCATE revoked from anon, authenticated and service_role.
--   3. BEFORE UPDATE/DELETE (row) and BEFORE TRUNCATE (statement) triggers that raise, for every role
--      including service_role and the table owner. Only a superuser who sets
--      session_replication_role = replica (test harness resets, never the API) can get past them.
-- Rows are written only by the SECURITY DEFINER trigger on proxy_activities (insert, update and delete
-- are all recorded; card 002 requires at least every insert). There are deliberately no foreign keys:
-- an audit record must outlive the proxy activity, coordinator and organisation it describes.
-- Idempotent.

create table if not exists public.proxy_audit_log (
  id                   uuid        not null default gen_random_uuid(),
  proxy_activity_id    uuid        not null,
  org_id               uuid        not null,
  action               text        not null,
  actor_id             uuid,
  actor_role           text,
  coordinator_id       uuid        not null,
  attributed_mentor_id uuid        not null,
  row_data             jsonb       not null,
  changed_at           timestamptz not null default now(),
  constraint proxy_audit_log_pkey primary key (id),
  constraint proxy_audit_log_action_check check (action in ('insert', 'update', 'delete'))
);
comment on table public.proxy_audit_log is
  'Append-only audit of proxy_activities (card 002). INSERT only through the trigger; UPDATE, DELETE '
  'and TRUNCATE are refused for every role, service_role included.';
create index if not exists proxy_audit_log_org_id_changed_at_idx on public.proxy_audit_log (org_id, changed_at);
create index if not exists proxy_audit_log_proxy_activity_id_idx on public.proxy_audit_log (proxy_activity_id);
alter table public.proxy_audit_log enable row level security;
revoke update, delete, truncate on public.proxy_audit_log from anon, authenticated, service_role;

drop policy if exists proxy_audit_log_select on public.proxy_audit_log;
create policy proxy_audit_log_select on public.proxy_audit_log for select to authenticated
  using (org_id = any ((select app.staff_org_ids())::uuid[]));

create or replace function app.proxy_audit_log_refuse_change()
  returns trigger
  language plpgsql
  set search_path = ''
as $$
begin
  raise exception 'proxy_audit_log is append-only: % refused', tg_op
    using errcode = '42501', hint = 'Audit records can never be changed or removed.';
end
$$;

create or replace trigger proxy_audit_log_refuse_update_delete
  before update or delete on public.proxy_audit_log
  for each row execute function app.proxy_audit_log_refuse_change();
create or replace trigger proxy_audit_log_refuse_truncate
  before truncate on public.proxy_audit_log
  for each statement execute function app.proxy_audit_log_refuse_change();

create or replace function app.proxy_activities_write_audit()
  returns trigger
  language plpgsql security definer
  set search_path = ''
as $$
declare
  v_row public.proxy_activities;
begin
  v_row := case when tg_op = 'DELETE' then old else new end;
  insert into public.proxy_audit_log (proxy_activity_id, org_id, action, actor_id, actor_role,
                                      coordinator_id, attributed_mentor_id, row_data)
  values (v_row.id, v_row.org_id, lower(tg_op), (select auth.uid()),
          coalesce((select auth.role()), current_user::text),
          v_row.coordinator_id, v_row.attributed_mentor_id, to_jsonb(v_row));
  return null;
end
$$;

create or replace trigger proxy_activities_write_audit
  after insert or update or delete on public.proxy_activities
  for each row execute function app.proxy_activities_write_audit();
