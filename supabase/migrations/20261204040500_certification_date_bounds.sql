-- 20261204040500_certification_date_bounds.sql
-- Why: certification dates are bounded.
--   1. Everywhere they are written (insert, update, renewal, import, any role): issued_at and
--      expires_at lie in [1900-01-01, 2201-01-01), i.e. not before 1900 and not after 2200. A CHECK,
--      so no role can store a year 9999 or 0001 that would break every "expiring within N days" query.
--   2. A renewal (an update that appends to renewal_history and changes expires_at, which is what
--      renew_certification does) sets a new expiry after the current one, or after now when there was none, and at most 5 years
--      after the renewal date (now). Anything else: 22023 with a message that states the rule.
--      This holds for every role: a renewal by the service is still a renewal.
--   3. A caller subject to RLS extends a certification only by a renewal: an update that moves
--      expires_at later, or removes it, without appending an entry would extend it without an audit
--      trail (rev-db R4 protects the trail itself). Shortening stays allowed. Also 22023.
-- A BEFORE UPDATE trigger, so renew_certification (20261123000900) is not replaced: its own checks
-- (after the current expiry, not suspended) still answer first, and this trigger adds the bounds. It
-- is named to fire after peer_mentor_certifications_guard_history (name order), so a forged history
-- entry is still refused as such (23514) first.
-- Idempotent.

do $$
begin
  if not exists (select 1 from pg_catalog.pg_constraint
                  where conrelid = 'public.peer_mentor_certifications'::regclass
                    and conname = 'peer_mentor_certifications_dates_range_check') then
    alter table public.peer_mentor_certifications
      add constraint peer_mentor_certifications_dates_range_check check (
        issued_at >= timestamptz '1900-01-01 00:00+00' and issued_at < timestamptz '2201-01-01 00:00+00'
        and (expires_at is null
             or (expires_at >= timestamptz '1900-01-01 00:00+00' and expires_at < timestamptz '2201-01-01 00:00+00')));
  end if;
end
$$;
comment on constraint peer_mentor_certifications_dates_range_check on public.peer_mentor_certifications is
  'issued_at and expires_at between 1900 and 2200 (inclusive), for every role.';

create or replace function app.peer_mentor_certifications_renewal_bounds()
  returns trigger
  language plpgsql
  set search_path = ''
as $$
begin
  if jsonb_array_length(new.renewal_history) > jsonb_array_length(old.renewal_history)
     and new.expires_at is distinct from old.expires_at then
    if new.expires_at is null
       or new.expires_at <= coalesce(old.expires_at, pg_catalog.now())
       or new.expires_at > pg_catalog.now() + interval '5 years' then
      raise exception 'a renewal''s new expiry must be after the current expiry (or after now when there is '
                      'none) and at most 5 years after the renewal date; % is not', new.expires_at
        using errcode = '22023';
    end if;
  elsif new.expires_at is distinct from old.expires_at
        and (new.expires_at is null or (old.expires_at is not null and new.expires_at > old.expires_at))
        and not app.caller_bypasses_rls() then
    raise exception 'a certification is extended only by a renewal (renew_certification), which records it'
      using errcode = '22023';
  end if;
  return new;
end
$$;
comment on function app.peer_mentor_certifications_renewal_bounds() is
  'BEFORE UPDATE trigger: a renewal''s new expiry is after the current one (or now) and at most 5 years '
  'ahead; clients extend only by renewal (22023).';

create or replace trigger peer_mentor_certifications_renewal_bounds
  before update of expires_at, renewal_history on public.peer_mentor_certifications
  for each row execute function app.peer_mentor_certifications_renewal_bounds();
