-- Rollback of 20261123000900_renew_certification.sql
drop function if exists public.renew_certification(uuid, timestamptz, text);
