-- Rollback of 20261205070200_bufdir_payload_plpgsql.sql: restores bufdir_payload() as
-- 20261205050000_bufdir_payload_set.sql defined it (LANGUAGE sql).
create or replace function public.bufdir_payload(
  p_org_id       uuid,
  p_period_start date,
  p_period_end   date,
  p_scope        text default 'chapter')
  returns setof json
  language sql
  stable
  security invoker
  set search_path = ''
  rows 1
as $$
  select public.aggregate_activities_for_org(p_org_id, p_period_start, p_period_end, p_scope)
$$;
comment on function public.bufdir_payload(uuid, date, date, text) is
  'The aggregate_activities_for_org document as a set of one row, so PostgREST sends it as '
  '"[document]" without parsing it again; same arguments, errors and visibility.';
revoke execute on function public.bufdir_payload(uuid, date, date, text) from public, anon;
grant execute on function public.bufdir_payload(uuid, date, date, text) to authenticated, service_role;
