-- 20261204040600_direct_activity_coordinator_rule.sql
-- Why: who a direct activity counts for is a product rule, stated here where the catalog shows it. A
-- peer mentor may set coordinator_id of their own activity, but only to a coordinator of the same
-- chapter (the activity's org_id); staff set it likewise. That moves the activity between the chapter's
-- coordinators in coordinator_monthly_stats and leaves the Bufdir totals unchanged. It is enforced by
-- app.activities_check_attribution (20261123000400, 23514 activities_same_org_attribution), which this
-- migration does not change: it only documents the rule on the trigger.
-- Idempotent.

comment on trigger activities_check_attribution on public.activities is
  'Rule: the peer mentor holds peer_mentor and coordinator_id (when set, also by the mentor on their own '
  'activity) holds coordinator in the activity''s org (its chapter); the type belongs to the org or an '
  'ancestor. 23514 activities_same_org_attribution / activities_activity_type_org.';
