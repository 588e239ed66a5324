-- 20261204040300_memberships_within_one_national_tree.sql
-- Why: an org admin may add a membership in its subtree only for a person who already belongs to the
-- same national organisation (the same tree root): the person's primary chapter (users.org_id) or one
-- of their memberships lies under that root. Bringing in a person of an unrelated organisation is an
-- invitation, done by service_role outside this SDK: otherwise an admin who learns a uuid could pull a
-- stranger's profile into their chapter's view.
-- The refusal must not tell the admin whether the person exists. This BEFORE trigger runs before the
-- foreign key (an AFTER trigger) and before RLS's WITH CHECK, and it gives one answer, 42501 with one
-- message, for an unknown uuid and for a person of another organisation alike. Rows the caller may not
-- write anyway (the org is not in its admin subtree: coordinators, peer mentors, other subtrees) are
-- left to RLS, which refuses them with the same 42501, so the trigger answers nothing to them either.
-- The same holds for the profile an admin creates first (users INSERT in the subtree): without a check
-- the unique key (23505: the person already has a profile, somewhere) and the foreign key to auth.users
-- (23503: no such account) would tell whether an account exists. The same trigger function on users
-- answers both with the same 42501 as above; a new account without a profile is created as before.
-- service_role and superusers are not restricted.
-- Idempotent.

create or replace function app.check_person_joins_own_tree()
  returns trigger
  language plpgsql security definer
  set search_path = ''
as $$
declare
  v_allowed boolean;
begin
  if app.caller_bypasses_rls() or not (new.org_id = any (app.admin_org_ids())) then
    return new;
  end if;
  if tg_table_name = 'users' then
    -- a profile only for a new account: an existing profile or an unknown account looks the same
    v_allowed := not exists (select 1 from public.users u where u.id = new.id)
                 and exists (select 1 from auth.users a where a.id = new.id);
  else
    -- a membership only for a person whose primary chapter or a membership lies under the same root
    v_allowed := exists (
      select 1
        from public.organisation_closure target
        join public.organisations root on root.id = target.ancestor_id and root.parent_id is null
        join public.organisation_closure theirs on theirs.ancestor_id = root.id
       where target.descendant_id = new.org_id
         and (theirs.descendant_id = (select u.org_id from public.users u where u.id = new.user_id)
              or theirs.descendant_id in (select m.org_id from public.org_memberships m
                                           where m.user_id = new.user_id)));
  end if;
  if not v_allowed then
    raise exception 'only a person who already belongs to this national organisation can be added; '
                    'people of other organisations are invited by the service'
      using errcode = '42501';
  end if;
  return new;
end
$$;
comment on function app.check_person_joins_own_tree() is
  'BEFORE trigger on org_memberships (INSERT/UPDATE) and users (INSERT): an org admin adds only people '
  'of the same tree root, and creates profiles only for new accounts; one answer (42501) whether or not '
  'the person exists.';

create or replace trigger org_memberships_check_same_tree
  before insert or update of user_id, org_id on public.org_memberships
  for each row execute function app.check_person_joins_own_tree();
create or replace trigger users_check_new_person
  before insert on public.users
  for each row execute function app.check_person_joins_own_tree();
