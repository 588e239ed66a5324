-- 20261123000800_peer_mentor_certifications.sql
-- Why (card 004): a peer mentor must hold a valid certification to be listed; coordinators follow up
-- expiries and renew. Columns exactly as card 004, plus org_id (the chapter that manages the
-- certification), without which "coordinators may access rows of their organisation" cannot be a
-- policy or an index condition. The peer mentor must be peer_mentor of that org (trigger).
--
-- renewal_history: a JSON array, appended to atomically by public.renew_certification (migration
-- 20261123000900), each entry an object with exactly these keys:
--   {"schema_version": 1,                       -- number, optional (versioned entries, card 004 risk)
--    "renewed_at": "2026-03-01T10:00:00Z",      -- string, required (ISO 8601 timestamp)
--    "previous_expires_at": "2026-03-31T..." | null,
--    "renewed_by": "<user uuid>" | null,        -- null only for service-side renewals
--    "notes": "text" | null}
-- Expected size: about one entry a year, so well under 50 entries per row; keep it below ~50 to avoid
-- TOAST bloat. The CHECK refuses more than 500 entries as a hard guard.
--
-- Policies, three groups (card 004), merged into one permissive policy per action so a role never has
-- two OR'd policies (splinter multiple_permissive_policies):
--   (1) peer mentor: SELECT own rows;
--   (2) coordinator: SELECT / INSERT / UPDATE rows of its organisations;
--   (3) org admin:   full access (incl. DELETE) within its subtree.
-- Idempotent.

create or replace function app.is_valid_renewal_history(p_history jsonb)
  returns boolean
  language sql immutable
  set search_path = ''
as $$
  select p_history is not null
     and jsonb_typeof(p_history) = 'array'
     and jsonb_array_length(p_history) <= 500
     and not exists (
       select 1
         from jsonb_array_elements(p_history) as e(entry)
        where jsonb_typeof(e.entry) <> 'object'
           or not (e.entry ?& array['renewed_at', 'previous_expires_at', 'renewed_by', 'notes'])
           or exists (select 1 from jsonb_object_keys(e.entry) as k(key)
                       where k.key not in ('schema_version', 'renewed_at', 'previous_expires_at',
                                           'renewed_by', 'notes'))
           or jsonb_typeof(e.entry -> 'renewed_at') <> 'string'
           or (e.entry ->> 'renewed_at') !~ '^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}'
           or jsonb_typeof(e.entry -> 'previous_expires_at') not in ('string', 'null')
           or jsonb_typeof(e.entry -> 'renewed_by') not in ('string', 'null')
           or (jsonb_typeof(e.entry -> 'renewed_by') = 'string'
               and (e.entry ->> 'renewed_by') !~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$')
           or jsonb_typeof(e.entry -> 'notes') not in ('string', 'null')
           or (e.entry ? 'schema_version' and jsonb_typeof(e.entry -> 'schema_version') <> 'number'))
$$;
comment on function app.is_valid_renewal_history(jsonb) is
  'Shape of peer_mentor_certifications.renewal_history: array (<= 500) of objects with exactly the keys '
  'renewed_at, previous_expires_at, renewed_by, notes (+ optional schema_version).';

create table if not exists public.peer_mentor_certifications (
  id                 uuid        not null default gen_random_uuid(),
  peer_mentor_id     uuid        not null,
  certification_type text        not null,
  issued_at          timestamptz not null,
  expires_at         timestamptz,
  status             text        not null default 'active',
  renewal_history    jsonb       not null default '[]'::jsonb,
  created_at         timestamptz default now(),
  updated_at         timestamptz default now(),
  org_id             uuid        not null,
  constraint peer_mentor_certifications_pkey primary key (id),
  constraint peer_mentor_certifications_peer_mentor_id_fkey foreign key (peer_mentor_id)
    references public.users (id) on delete cascade,
  constraint peer_mentor_certifications_org_id_fkey foreign key (org_id)
    references public.organisations (id) on delete cascade,
  constraint peer_mentor_certifications_status_check check (status in ('active', 'expired', 'suspended')),
  constraint peer_mentor_certifications_renewal_history_check check (app.is_valid_renewal_history(renewal_history)),
  constraint peer_mentor_certifications_expires_after_issued_check check (expires_at is null or expires_at > issued_at),
  constraint peer_mentor_certifications_type_check check (length(btrim(certification_type)) between 1 and 100)
);
comment on table public.peer_mentor_certifications is
  'Certifications of peer mentors (card 004). renewal_history is a JSON array of '
  '{schema_version?, renewed_at, previous_expires_at, renewed_by, notes}, appended by '
  'renew_certification(); keep it under ~50 entries per row (hard CHECK limit 500).';
comment on column public.peer_mentor_certifications.renewal_history is
  'Array of {schema_version?, renewed_at, previous_expires_at, renewed_by, notes}; ~50 entries at most '
  'by design (one a year), hard limit 500 (CHECK).';
create index if not exists peer_mentor_certifications_peer_mentor_id_status_idx
  on public.peer_mentor_certifications (peer_mentor_id, status);
create index if not exists peer_mentor_certifications_expires_at_idx
  on public.peer_mentor_certifications (expires_at);
create index if not exists peer_mentor_certifications_org_id_status_expires_at_idx
  on public.peer_mentor_certifications (org_id, status, expires_at);
alter table public.peer_mentor_certifications enable row level security;
-- TRUNCATE ignores RLS; Supabase's default grants include it (rev-db R5)
revoke truncate on public.peer_mentor_certifications from anon, authenticated;

create or replace trigger peer_mentor_certifications_set_updated_at
  before update on public.peer_mentor_certifications
  for each row execute function app.set_updated_at();

create or replace function app.peer_mentor_certifications_check_org()
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
      using errcode = '23514', constraint = 'peer_mentor_certifications_same_org';
  end if;
  return new;
end
$$;
create or replace trigger peer_mentor_certifications_check_org
  before insert or update of peer_mentor_id, org_id on public.peer_mentor_certifications
  for each row execute function app.peer_mentor_certifications_check_org();

-- renewal_history is an audit trail (rev-db finding R4): the update policy lets a coordinator change any
-- column, so without this a coordinator could rewrite or forge entries (another renewer, another date)
-- with a plain PATCH. For a caller subject to RLS the history starts empty and only grows by exactly one
-- entry per statement, renewed by the caller now: what renew_certification appends. service_role and
-- superusers (imports, corrections, the seed) are not restricted.
create or replace function app.peer_mentor_certifications_guard_history()
  returns trigger
  language plpgsql
  set search_path = ''
as $$
declare
  v_entry jsonb;
begin
  if app.caller_bypasses_rls() then
    return new;
  end if;
  if tg_op = 'INSERT' then
    -- a row outside the caller's scope is left to RLS (42501), which runs after BEFORE triggers
    if not (new.org_id = any (app.coordinator_org_ids() || app.admin_org_ids())) then
      return new;
    end if;
    if new.renewal_history <> '[]'::jsonb then
      raise exception 'renewal_history of a new certification must be empty'
        using errcode = '23514', constraint = 'peer_mentor_certifications_renewal_history_append_only';
    end if;
    return new;
  end if;
  if new.renewal_history is not distinct from old.renewal_history then
    return new;
  end if;
  v_entry := new.renewal_history -> -1;
  if jsonb_array_length(new.renewal_history) <> jsonb_array_length(old.renewal_history) + 1
     or (new.renewal_history - (-1)) <> old.renewal_history
     or (v_entry ->> 'renewed_by') is distinct from (select auth.uid())::text
     or (v_entry ->> 'renewed_at')::timestamptz <> pg_catalog.now() then
    raise exception 'renewal_history is append-only: one entry, renewed by the caller now (use renew_certification)'
      using errcode = '23514', constraint = 'peer_mentor_certifications_renewal_history_append_only';
  end if;
  return new;
end
$$;
create or replace trigger peer_mentor_certifications_guard_history
  before insert or update of renewal_history on public.peer_mentor_certifications
  for each row execute function app.peer_mentor_certifications_guard_history();

drop policy if exists peer_mentor_certifications_select on public.peer_mentor_certifications;
create policy peer_mentor_certifications_select on public.peer_mentor_certifications for select to authenticated
  using (peer_mentor_id = (select auth.uid())                            -- (1) peer mentor: own rows
         or org_id in (select unnest((select app.coordinator_org_ids()))) -- (2) coordinator: own orgs
         or org_id in (select unnest((select app.admin_org_ids()))));     -- (3) org admin: subtree
-- (IN-subquery = hashed SubPlan, O(1) per row: see users_select in 20261123000300)
drop policy if exists peer_mentor_certifications_insert on public.peer_mentor_certifications;
create policy peer_mentor_certifications_insert on public.peer_mentor_certifications for insert to authenticated
  with check (org_id = any ((select app.coordinator_org_ids())::uuid[])    -- (2)
              or org_id = any ((select app.admin_org_ids())::uuid[]));     -- (3)
drop policy if exists peer_mentor_certifications_update on public.peer_mentor_certifications;
create policy peer_mentor_certifications_update on public.peer_mentor_certifications for update to authenticated
  using (org_id = any ((select app.coordinator_org_ids())::uuid[])         -- (2)
         or org_id = any ((select app.admin_org_ids())::uuid[]))           -- (3)
  with check (org_id = any ((select app.coordinator_org_ids())::uuid[])
              or org_id = any ((select app.admin_org_ids())::uuid[]));
drop policy if exists peer_mentor_certifications_delete on public.peer_mentor_certifications;
create policy peer_mentor_certifications_delete on public.peer_mentor_certifications for delete to authenticated
  using (org_id = any ((select app.admin_org_ids())::uuid[]));             -- (3) only
