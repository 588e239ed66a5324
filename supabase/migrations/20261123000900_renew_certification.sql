-- 20261123000900_renew_certification.sql
-- Why (card 004): renewing a certification changes expires_at, reactivates it and appends an entry to
-- renewal_history. Done by the client as read-modify-write, two concurrent renewals lose an entry;
-- done here as ONE UPDATE statement (row lock, the WHERE re-checked after the lock) it is atomic.
-- SECURITY INVOKER: RLS decides who may renew (coordinators of the org, admins of the subtree).
-- Errors (PostgREST status in brackets):
--   22004 [400] an argument is null            22023 [400] new expiry not after the current one,
--   PT404 [404] no such certification visible              or the certification is suspended,
--   42501 [403] visible but the caller may not update it   or notes longer than 1000 characters
-- 'PT404' is PostgREST's custom-status SQLSTATE (PT + HTTP status, postgrest-protocol.md §5.2/§5.4);
-- the standard no_data_found (P0002) would be answered with 500.
-- Idempotent.

create or replace function public.renew_certification(
  p_certification_id uuid,
  p_new_expires_at   timestamptz,
  p_notes            text default null)
  returns public.peer_mentor_certifications
  language plpgsql
  volatile
  security invoker
  set search_path = ''
as $$
declare
  v_row public.peer_mentor_certifications;
  v_current public.peer_mentor_certifications;
begin
  if p_certification_id is null or p_new_expires_at is null then
    raise exception 'p_certification_id and p_new_expires_at are required'
      using errcode = '22004';
  end if;
  if p_notes is not null and length(p_notes) > 1000 then
    raise exception 'p_notes is longer than 1000 characters' using errcode = '22023';
  end if;

  update public.peer_mentor_certifications c
     set expires_at = p_new_expires_at,
         status = 'active',
         renewal_history = c.renewal_history || jsonb_build_array(jsonb_build_object(
           'schema_version', 1,
           'renewed_at', to_jsonb(pg_catalog.now()),
           'previous_expires_at', to_jsonb(c.expires_at),
           'renewed_by', to_jsonb((select auth.uid())),
           'notes', to_jsonb(p_notes)))
   where c.id = p_certification_id
     and c.status <> 'suspended'
     and (c.expires_at is null or p_new_expires_at > c.expires_at)
     and p_new_expires_at > c.issued_at
  returning c.* into v_row;

  if found then
    return v_row;
  end if;

  select c.* into v_current from public.peer_mentor_certifications c where c.id = p_certification_id;
  if not found then
    raise exception 'certification % not found', p_certification_id using errcode = 'PT404';
  elsif v_current.status = 'suspended' then
    raise exception 'certification % is suspended and cannot be renewed', p_certification_id
      using errcode = '22023';
  elsif (v_current.expires_at is not null and p_new_expires_at <= v_current.expires_at)
        or p_new_expires_at <= v_current.issued_at then
    raise exception 'new expiry % must be after the current expiry %', p_new_expires_at,
      coalesce(v_current.expires_at, v_current.issued_at) using errcode = '22023';
  else
    raise exception 'not allowed to renew certification %', p_certification_id using errcode = '42501';
  end if;
end
$$;
comment on function public.renew_certification(uuid, timestamptz, text) is
  'Atomically renews a certification: sets expires_at, status active, appends '
  '{schema_version, renewed_at, previous_expires_at, renewed_by, notes} to renewal_history. '
  'Returns the updated row. RLS applies (SECURITY INVOKER).';
revoke execute on function public.renew_certification(uuid, timestamptz, text) from public, anon;
grant execute on function public.renew_certification(uuid, timestamptz, text) to authenticated, service_role;
