-- Rollback of 20261204030100_certification_expiry_run.sql
drop trigger if exists peer_mentor_certifications_history_limit on public.peer_mentor_certifications;
drop function if exists app.peer_mentor_certifications_history_limit();
do $cron$
begin
  -- pg_cron objects only referenced dynamically: this runs where the schema cron does not exist
  if pg_catalog.to_regprocedure('cron.unschedule(bigint)') is not null then
    execute 'select cron.unschedule(jobid) from cron.job where jobname = $1' using 'expire-due-certifications';
  end if;
end
$cron$;
drop function if exists public.expire_due_certifications();
drop index if exists public.peer_mentor_certifications_due_idx;
