-- Rollback of 20261123001400_custom_access_token_hook.sql
drop function if exists public.custom_access_token_hook(jsonb);
drop function if exists app.token_claims(uuid);
revoke usage on schema app from supabase_auth_admin;
