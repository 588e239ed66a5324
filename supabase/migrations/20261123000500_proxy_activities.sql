-- 20261123000500_proxy_activities.sql
-- Why (card 002): a coordinator registers activities on behalf of (attributed to) a peer mentor. Bufdir's
-- dual-attribution model requires coordinator_id <> attributed_mentor_id, foreign keys that never
-- orphan an attribution (ON DELETE RESTRICT to auth.users), templates that may disappear
-- (template_id ON DELETE SET NULL), and attribution inside one organisation only, enforced here by a
-- trigger because a foreign key cannot express "holds peer_mentor in this org".
-- Columns are exactly card 002's, plus two the reports need:
--   activity_type_id  resolved by trigger from the card's text column activity_type (the code of an
--                     activity type of the org or an ancestor), so proxy rows group with direct ones;
--   activity_month    generated from date, for the monthly stats views' index condition.
-- Indexes: the card's (org_id), (coordinator_id), (attributed_mentor_id), (date desc),
-- (org_id, attributed_mentor_id, ...) and BRIN(created_at), plus (org_id, date) and
-- (org_id, coordinator_id, activity_month) for the card 001 / card 000 queries, and one per FK.
-- Every INSERT is written to proxy_audit_log by a trigger created in 20261123000600.
-- Idempotent.

create table if not exists public.recurring_activity_templates (
  id                   uuid        not null default gen_random_uuid(),
  org_id               uuid        not null,
  coordinator_id       uuid        not null,
  attributed_mentor_id uuid,
  activity_type        text        not null,
  title                text        not null,
  duration_minutes     integer     not null,
  recurrence_rule      text        not null,
  notes                text,
  created_at           timestamptz not null default now(),
  updated_at           timestamptz not null default now(),
  constraint recurring_activity_templates_pkey primary key (id),
  constraint recurring_activity_templates_org_id_fkey foreign key (org_id)
    references public.organisations (id) on delete cascade,
  constraint recurring_activity_templates_coordinator_id_fkey foreign key (coordinator_id)
    references auth.users (id) on delete cascade,
  constraint recurring_activity_templates_attributed_mentor_id_fkey foreign key (attributed_mentor_id)
    references auth.users (id) on delete set null,
  constraint recurring_activity_templates_duration_minutes_check check (duration_minutes between 1 and 1440),
  constraint recurring_activity_templates_title_check check (length(btrim(title)) between 1 and 200),
  constraint recurring_activity_templates_recurrence_rule_check check (recurrence_rule ~ '^(RRULE:)?FREQ=')
);
comment on table public.recurring_activity_templates is
  'Recurrence templates (RFC 5545 RRULE) a coordinator uses to register repeated proxy activities. '
  'proxy_activities.template_id points here with ON DELETE SET NULL.';
create index if not exists recurring_activity_templates_org_id_idx on public.recurring_activity_templates (org_id);
create index if not exists recurring_activity_templates_coordinator_id_idx on public.recurring_activity_templates (coordinator_id);
create index if not exists recurring_activity_templates_attributed_mentor_id_idx on public.recurring_activity_templates (attributed_mentor_id);
alter table public.recurring_activity_templates enable row level security;
-- TRUNCATE ignores RLS; Supabase's default grants include it (rev-db R5)
revoke truncate on public.recurring_activity_templates from anon, authenticated;
create or replace trigger recurring_activity_templates_set_updated_at
  before update on public.recurring_activity_templates
  for each row execute function app.set_updated_at();

create table if not exists public.proxy_activities (
  id                   uuid        not null default gen_random_uuid(),
  coordinator_id       uuid        not null,
  attributed_mentor_id uuid        not null,
  org_id               uuid        not null,
  activity_type        text        not null,
  date                 date        not null,
  duration_minutes     integer     not null,
  notes                text,
  is_recurring         boolean     not null default false,
  template_id          uuid,
  created_at           timestamptz default now(),
  updated_at           timestamptz default now(),
  activity_type_id     uuid        not null,
  activity_month       date        generated always as ((date_trunc('month', date::timestamp))::date) stored,
  constraint proxy_activities_pkey primary key (id),
  constraint proxy_activities_coordinator_id_fkey foreign key (coordinator_id)
    references auth.users (id) on delete restrict,
  constraint proxy_activities_attributed_mentor_id_fkey foreign key (attributed_mentor_id)
    references auth.users (id) on delete restrict,
  constraint proxy_activities_org_id_fkey foreign key (org_id)
    references public.organisations (id) on delete restrict,
  constraint proxy_activities_template_id_fkey foreign key (template_id)
    references public.recurring_activity_templates (id) on delete set null,
  constraint proxy_activities_activity_type_id_fkey foreign key (activity_type_id)
    references public.activity_types (id) on delete restrict,
  constraint proxy_activities_duration_minutes_check check (duration_minutes > 0),
  constraint proxy_activities_coordinator_not_mentor_check check (coordinator_id <> attributed_mentor_id),
  constraint proxy_activities_date_check check (date between date '2000-01-01' and date '2100-12-31')
);
comment on table public.proxy_activities is
  'Activities a coordinator registered on behalf of a peer mentor (card 002). Counted in every report '
  'exactly once, attributed to attributed_mentor_id, as one session. Every insert is audited in '
  'proxy_audit_log (trigger from migration 20261123000600).';
comment on column public.proxy_activities.activity_type is
  'Code of an activity type of org_id or one of its ancestors; activity_type_id is resolved from it.';

create index if not exists proxy_activities_org_id_idx on public.proxy_activities (org_id);
create index if not exists proxy_activities_coordinator_id_idx on public.proxy_activities (coordinator_id);
create index if not exists proxy_activities_attributed_mentor_id_idx on public.proxy_activities (attributed_mentor_id);
create index if not exists proxy_activities_date_idx on public.proxy_activities (date desc);
create index if not exists proxy_activities_org_id_attributed_mentor_id_idx
  on public.proxy_activities (org_id, attributed_mentor_id, activity_month)
  include (activity_type_id, duration_minutes);
create index if not exists proxy_activities_org_id_date_idx
  on public.proxy_activities (org_id, date)
  include (attributed_mentor_id, activity_type_id, duration_minutes);
create index if not exists proxy_activities_org_id_coordinator_id_activity_month_idx
  on public.proxy_activities (org_id, coordinator_id, activity_month)
  include (activity_type_id, duration_minutes, attributed_mentor_id);
create index if not exists proxy_activities_created_at_brin_idx
  on public.proxy_activities using brin (created_at);
create index if not exists proxy_activities_template_id_idx on public.proxy_activities (template_id);
create index if not exists proxy_activities_activity_type_id_idx on public.proxy_activities (activity_type_id);
alter table public.proxy_activities enable row level security;
-- TRUNCATE ignores RLS; Supabase's default grants include it (rev-db R5)
revoke truncate on public.proxy_activities from anon, authenticated;

create or replace trigger proxy_activities_set_updated_at
  before update on public.proxy_activities
  for each row execute function app.set_updated_at();

-- Same-org attribution + activity type resolution (BEFORE INSERT/UPDATE).
create or replace function app.proxy_activities_check_attribution()
  returns trigger
  language plpgsql security definer
  set search_path = ''
as $$
declare
  v_type_id uuid;
begin
  -- rows the caller cannot see at all are RLS's to refuse (rev-db finding R6)
  if app.row_left_to_rls(new.org_id) then
    return new;
  end if;
  if not app.user_holds_role(new.attributed_mentor_id, new.org_id, 'peer_mentor') then
    raise exception 'attributed mentor % is not a peer_mentor of organisation %',
      new.attributed_mentor_id, new.org_id
      using errcode = '23514', constraint = 'proxy_activities_same_org_attribution';
  end if;
  if not app.user_holds_role(new.coordinator_id, new.org_id, 'coordinator') then
    raise exception 'coordinator % is not a coordinator of organisation %', new.coordinator_id, new.org_id
      using errcode = '23514', constraint = 'proxy_activities_same_org_attribution';
  end if;
  if new.template_id is not null and not exists (
       select 1 from public.recurring_activity_templates t
        where t.id = new.template_id and t.org_id = new.org_id) then
    raise exception 'template % does not belong to organisation %', new.template_id, new.org_id
      using errcode = '23514', constraint = 'proxy_activities_template_org';
  end if;
  -- nearest definition of the code along the org's ancestors
  select t.id into v_type_id
    from public.activity_types t
    join public.organisation_closure c on c.ancestor_id = t.org_id
   where c.descendant_id = new.org_id and t.code = new.activity_type
   order by c.depth
   limit 1;
  if v_type_id is null then
    raise exception 'activity type "%" is not defined for organisation %', new.activity_type, new.org_id
      using errcode = '23514', constraint = 'proxy_activities_activity_type_org';
  end if;
  new.activity_type_id := v_type_id;
  return new;
end
$$;

create or replace trigger proxy_activities_check_attribution
  before insert or update of org_id, attributed_mentor_id, coordinator_id, activity_type, activity_type_id, template_id
  on public.proxy_activities
  for each row execute function app.proxy_activities_check_attribution();

-- Same-org parties of a template (rev-db finding R3): the policies look only at org_id, so without this
-- a coordinator could keep a template in their chapter attributed to a peer mentor of an unrelated
-- organisation, and an admin could hand a template to a coordinator of another organisation.
create or replace function app.recurring_activity_templates_check_org()
  returns trigger
  language plpgsql security definer
  set search_path = ''
as $$
begin
  -- rows the caller cannot see at all are RLS's to refuse (rev-db finding R6)
  if app.row_left_to_rls(new.org_id) then
    return new;
  end if;
  if not app.user_holds_role(new.coordinator_id, new.org_id, 'coordinator') then
    raise exception 'coordinator % is not a coordinator of organisation %', new.coordinator_id, new.org_id
      using errcode = '23514', constraint = 'recurring_activity_templates_same_org';
  end if;
  if new.attributed_mentor_id is not null
     and not app.user_holds_role(new.attributed_mentor_id, new.org_id, 'peer_mentor') then
    raise exception 'attributed mentor % is not a peer_mentor of organisation %', new.attributed_mentor_id, new.org_id
      using errcode = '23514', constraint = 'recurring_activity_templates_same_org';
  end if;
  return new;
end
$$;
create or replace trigger recurring_activity_templates_check_org
  before insert or update of org_id, coordinator_id, attributed_mentor_id on public.recurring_activity_templates
  for each row execute function app.recurring_activity_templates_check_org();

-- Templates: staff of the org read them; the coordinator who owns one (or an admin) changes it.
drop policy if exists recurring_activity_templates_select on public.recurring_activity_templates;
create policy recurring_activity_templates_select on public.recurring_activity_templates for select to authenticated
  using (org_id = any ((select app.staff_org_ids())::uuid[]));
drop policy if exists recurring_activity_templates_insert on public.recurring_activity_templates;
create policy recurring_activity_templates_insert on public.recurring_activity_templates for insert to authenticated
  with check (coordinator_id = (select auth.uid())
              and org_id = any ((select app.coordinator_org_ids())::uuid[]));
drop policy if exists recurring_activity_templates_update on public.recurring_activity_templates;
create policy recurring_activity_templates_update on public.recurring_activity_templates for update to authenticated
  using ((coordinator_id = (select auth.uid()) and org_id = any ((select app.coordinator_org_ids())::uuid[]))
         or org_id = any ((select app.admin_org_ids())::uuid[]))
  with check ((coordinator_id = (select auth.uid()) and org_id = any ((select app.coordinator_org_ids())::uuid[]))
              or org_id = any ((select app.admin_org_ids())::uuid[]));
drop policy if exists recurring_activity_templates_delete on public.recurring_activity_templates;
create policy recurring_activity_templates_delete on public.recurring_activity_templates for delete to authenticated
  using ((coordinator_id = (select auth.uid()) and org_id = any ((select app.coordinator_org_ids())::uuid[]))
         or org_id = any ((select app.admin_org_ids())::uuid[]));

-- Card 002 policies: coordinators insert as themselves in their own org, read their org, update and
-- delete only their own records. Admins read their subtree; the attributed mentor reads own rows.
drop policy if exists proxy_activities_select on public.proxy_activities;
-- hashed SubPlan instead of = any(array): see activities_select in 20261123000400
create policy proxy_activities_select on public.proxy_activities for select to authenticated
  using (attributed_mentor_id = (select auth.uid())
         or org_id in (select unnest((select app.staff_org_ids()))));
drop policy if exists proxy_activities_insert on public.proxy_activities;
create policy proxy_activities_insert on public.proxy_activities for insert to authenticated
  with check (coordinator_id = (select auth.uid())
              and org_id = any ((select app.coordinator_org_ids())::uuid[]));
drop policy if exists proxy_activities_update on public.proxy_activities;
create policy proxy_activities_update on public.proxy_activities for update to authenticated
  using (coordinator_id = (select auth.uid())
         and org_id = any ((select app.coordinator_org_ids())::uuid[]))
  with check (coordinator_id = (select auth.uid())
              and org_id = any ((select app.coordinator_org_ids())::uuid[]));
drop policy if exists proxy_activities_delete on public.proxy_activities;
create policy proxy_activities_delete on public.proxy_activities for delete to authenticated
  using (coordinator_id = (select auth.uid())
         and org_id = any ((select app.coordinator_org_ids())::uuid[]));
