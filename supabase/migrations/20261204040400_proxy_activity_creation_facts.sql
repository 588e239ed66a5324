-- 20261204040400_proxy_activity_creation_facts.sql
-- Why: created_at and coordinator_id of a proxy activity are facts of its creation: when it was
-- registered and who is accountable for registering it (card 002's dual attribution). A client role
-- cannot change them: an INSERT by a caller subject to RLS gets created_at = now() (a value sent with
-- the row must be that, i.e. left to the default), and an UPDATE may not change either column. The
-- update policy already pins coordinator_id to the caller, but a coordinator could back-date
-- created_at of their own rows. Only service_role may correct them; the audit trigger of
-- 20261123000600 records that correction like every update (actor_role service_role, the new row).
-- 42501: the caller may write the row, but not these columns. The trigger is named to fire before
-- proxy_activities_check_attribution (name order), so a changed coordinator_id is refused by this rule
-- with its own message.
-- Idempotent.

create or replace function app.proxy_activities_keep_creation_facts()
  returns trigger
  language plpgsql
  set search_path = ''
as $$
begin
  if app.caller_bypasses_rls() then
    return new;
  end if;
  if tg_op = 'INSERT' then
    if new.created_at is distinct from pg_catalog.now() then
      raise exception 'created_at of a proxy activity is set by the database when it is registered'
        using errcode = '42501', hint = 'Leave created_at out of the row.';
    end if;
  elsif new.created_at is distinct from old.created_at or new.coordinator_id is distinct from old.coordinator_id then
    raise exception 'created_at and coordinator_id of a proxy activity are fixed when it is registered'
      using errcode = '42501', hint = 'Only the service can correct them; the audit log records it.';
  end if;
  return new;
end
$$;
comment on function app.proxy_activities_keep_creation_facts() is
  'BEFORE INSERT/UPDATE trigger: created_at and coordinator_id are creation facts; only service_role changes them.';

create or replace trigger proxy_activities_bind_creation_facts
  before insert or update of created_at, coordinator_id on public.proxy_activities
  for each row execute function app.proxy_activities_keep_creation_facts();
