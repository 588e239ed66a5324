-- 20261123000700_reimbursements.sql
-- Why (card 003): the admin dashboard counts pending reimbursements of a subtree, and the health score
-- weighs the pending share. A person files claims for themselves; coordinators and admins of the org
-- decide them. Index (org_id, status) makes the pending count an index-only scan per visible org.
-- Idempotent.

create table if not exists public.reimbursements (
  id          uuid          not null default gen_random_uuid(),
  org_id      uuid          not null,
  user_id     uuid          not null,
  amount      numeric(12,2) not null,
  description text,
  status      text          not null default 'pending',
  decided_by  uuid,
  decided_at  timestamptz,
  created_at  timestamptz   not null default now(),
  updated_at  timestamptz   not null default now(),
  constraint reimbursements_pkey primary key (id),
  constraint reimbursements_org_id_fkey foreign key (org_id) references public.organisations (id) on delete restrict,
  constraint reimbursements_user_id_fkey foreign key (user_id) references public.users (id) on delete restrict,
  constraint reimbursements_decided_by_fkey foreign key (decided_by) references public.users (id) on delete set null,
  constraint reimbursements_amount_check check (amount > 0 and amount < 1000000),
  constraint reimbursements_status_check check (status in ('pending', 'approved', 'rejected', 'paid')),
  constraint reimbursements_decision_check check ((status = 'pending') = (decided_at is null))
);
comment on table public.reimbursements is
  'Expense claims (NOK). pending -> approved|rejected, approved -> paid. decided_at is set iff not pending.';
create index if not exists reimbursements_org_id_status_idx on public.reimbursements (org_id, status);
create index if not exists reimbursements_user_id_idx on public.reimbursements (user_id);
create index if not exists reimbursements_decided_by_idx on public.reimbursements (decided_by);
alter table public.reimbursements enable row level security;
-- TRUNCATE ignores RLS; Supabase's default grants include it (rev-db R5)
revoke truncate on public.reimbursements from anon, authenticated;
create or replace trigger reimbursements_set_updated_at
  before update on public.reimbursements
  for each row execute function app.set_updated_at();

-- Same-organisation parties (rev-db finding R1): the policies only look at org_id, so without this a
-- coordinator could file (or move) a claim of their own chapter onto a person of an unrelated
-- organisation (who then reads it as "own row"), or record a decider from another organisation. The
-- claimant must hold a role in org_id or be org_admin above it; the decider must be coordinator of
-- org_id or org_admin of org_id or an ancestor.
create or replace function app.reimbursements_check_org()
  returns trigger
  language plpgsql security definer
  set search_path = ''
as $$
begin
  -- rows the caller cannot see at all are RLS's to refuse (rev-db finding R6)
  if app.row_left_to_rls(new.org_id) then
    return new;
  end if;
  if not exists (select 1 from public.org_memberships m
                   join public.organisation_closure c on c.ancestor_id = m.org_id
                  where c.descendant_id = new.org_id and m.user_id = new.user_id
                    and (m.org_id = new.org_id or m.role = 'org_admin')) then
    raise exception 'user % does not belong to organisation %', new.user_id, new.org_id
      using errcode = '23514', constraint = 'reimbursements_same_org';
  end if;
  if new.decided_by is not null and not exists (
       select 1 from public.org_memberships m
         join public.organisation_closure c on c.ancestor_id = m.org_id
        where c.descendant_id = new.org_id and m.user_id = new.decided_by
          and ((m.role = 'coordinator' and m.org_id = new.org_id) or m.role = 'org_admin')) then
    raise exception 'decider % is not staff of organisation %', new.decided_by, new.org_id
      using errcode = '23514', constraint = 'reimbursements_same_org';
  end if;
  return new;
end
$$;
create or replace trigger reimbursements_check_org
  before insert or update of org_id, user_id, decided_by on public.reimbursements
  for each row execute function app.reimbursements_check_org();

drop policy if exists reimbursements_select on public.reimbursements;
-- hashed SubPlan instead of = any(array) for this OR'd policy: see users_select in 20261123000300
create policy reimbursements_select on public.reimbursements for select to authenticated
  using (user_id = (select auth.uid()) or org_id in (select unnest((select app.staff_org_ids()))));
drop policy if exists reimbursements_insert on public.reimbursements;
create policy reimbursements_insert on public.reimbursements for insert to authenticated
  with check (org_id = any ((select app.staff_org_ids())::uuid[])
              or (user_id = (select auth.uid()) and status = 'pending'
                  and org_id = any ((select app.visible_org_ids())::uuid[])));
drop policy if exists reimbursements_update on public.reimbursements;
create policy reimbursements_update on public.reimbursements for update to authenticated
  using (org_id = any ((select app.staff_org_ids())::uuid[]))
  with check (org_id = any ((select app.staff_org_ids())::uuid[]));
drop policy if exists reimbursements_delete on public.reimbursements;
create policy reimbursements_delete on public.reimbursements for delete to authenticated
  using (org_id = any ((select app.staff_org_ids())::uuid[])
         or (user_id = (select auth.uid()) and status = 'pending'));
