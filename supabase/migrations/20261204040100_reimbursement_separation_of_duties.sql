-- 20261204040100_reimbursement_separation_of_duties.sql
-- Why: separation of duties for reimbursements. Nobody decides their own claim.
--   1. CHECK reimbursements_decider_not_claimant_check: decided_by is never the claimant. A constraint,
--      so no role can store it: not a coordinator, not an admin, not service_role, not an import.
--   2. A caller subject to RLS cannot decide a claim of their own at all, whoever they name as the
--      decider: a coordinator who is also the claimant could otherwise approve their own claim and
--      record an admin above them in decided_by (which the same-organisation trigger accepts). For
--      them an INSERT of their own claim must be pending, an UPDATE of their own claim may not
--      change status, decided_by or decided_at, and a decided claim cannot be moved onto them. service_role (the back office) is bound only by 1.
-- Both refusals are 23514 with the constraint name reimbursements_decider_not_claimant_check, so the
-- client sees one rule. The trigger runs only on rows the caller may already write (an UPDATE fires only
-- for rows that passed the USING policy; an INSERT only looks at the caller's own id), so it reveals
-- nothing about other people.
-- Idempotent.

do $$
begin
  if not exists (select 1 from pg_catalog.pg_constraint
                  where conrelid = 'public.reimbursements'::regclass
                    and conname = 'reimbursements_decider_not_claimant_check') then
    alter table public.reimbursements
      add constraint reimbursements_decider_not_claimant_check check (decided_by is null or decided_by <> user_id);
  end if;
end
$$;
comment on constraint reimbursements_decider_not_claimant_check on public.reimbursements is
  'Separation of duties: nobody decides their own claim (decided_by <> user_id), for every role.';

create or replace function app.reimbursements_refuse_self_decision()
  returns trigger
  language plpgsql
  set search_path = ''
as $$
begin
  if app.caller_bypasses_rls() or new.user_id is distinct from (select auth.uid()) then
    return new;
  end if;
  if (tg_op = 'INSERT' and (new.status <> 'pending' or new.decided_by is not null))
     or (tg_op = 'UPDATE' and (new.status is distinct from old.status
                               or new.decided_by is distinct from old.decided_by
                               or new.decided_at is distinct from old.decided_at
                               -- taking over a decided claim of someone else is deciding it too
                               or (new.user_id is distinct from old.user_id and new.status <> 'pending'))) then
    raise exception 'nobody decides their own reimbursement claim: another coordinator or an org admin must decide it'
      using errcode = '23514', constraint = 'reimbursements_decider_not_claimant_check';
  end if;
  return new;
end
$$;
comment on function app.reimbursements_refuse_self_decision() is
  'BEFORE INSERT/UPDATE trigger: a caller subject to RLS files own claims as pending and never decides them.';

create or replace trigger reimbursements_refuse_self_decision
  before insert or update of status, decided_by, decided_at, user_id on public.reimbursements
  for each row execute function app.reimbursements_refuse_self_decision();
