-- 20261205070200_bufdir_payload_plpgsql.sql
-- Why (issue 8, performance): bufdir_payload() (20261205050000) hands PostgREST the Bufdir document
-- as a set of one row so that it is not parsed again. As a LANGUAGE sql function with a SET clause it
-- cannot be inlined, and PostgreSQL runs it through the SQL-function executor, which cost about 90 ms
-- of backend CPU per national call at NHF size (23.6 MB document) over calling the document's
-- function directly. The same body in PL/pgSQL (RETURN NEXT) costs about half of that: backend CPU
-- per national call as the root admin, through the gateway's SQL (coalesce(json_agg(x), '[]')::text),
-- 6 interleaved runs each, medians: LANGUAGE sql 1,465 ms, PL/pgSQL 1,420 ms. An inlinable SQL
-- function (no SET clause) measured 1,375 ms, but Supabase's database linter (and DatabaseLintTest,
-- rule function_search_path_mutable) requires every function of the API to pin its search_path, and
-- a SET clause is exactly what prevents inlining; the rule was kept.
-- Unchanged: the signature, the result (the aggregate_activities_for_org document as the only row),
-- SECURITY INVOKER, errors and visibility (those of aggregate_activities_for_org), grants.
-- The rollback restores the LANGUAGE sql body of 20261205050000. Idempotent.

create or replace function public.bufdir_payload(
  p_org_id       uuid,
  p_period_start date,
  p_period_end   date,
  p_scope        text default 'chapter')
  returns setof json
  language plpgsql
  stable
  security invoker
  set search_path = ''
  rows 1
as $$
begin
  return next public.aggregate_activities_for_org(p_org_id, p_period_start, p_period_end, p_scope);
end
$$;
comment on function public.bufdir_payload(uuid, date, date, text) is
  'The aggregate_activities_for_org document as a set of one row, so PostgREST sends it as '
  '"[document]" without parsing it again; same arguments, errors and visibility.';
revoke execute on function public.bufdir_payload(uuid, date, date, text) from public, anon;
grant execute on function public.bufdir_payload(uuid, date, date, text) to authenticated, service_role;
