-- Rollback of 20261123000800_peer_mentor_certifications.sql
drop table if exists public.peer_mentor_certifications;
drop function if exists app.peer_mentor_certifications_check_org();
drop function if exists app.peer_mentor_certifications_guard_history();
drop function if exists app.is_valid_renewal_history(jsonb);
