-- 20261205030300_function_comments.sql
-- Why: a function's comment is where psql (\df+), Supabase Studio and the catalog tell a reader what
-- it is for. Every function in public and app now has one; DatabaseLintTest's rule
-- FUNCTION_WITHOUT_COMMENT fails when a later migration adds a function without one.
-- Only comments; no behaviour changes. Idempotent.

comment on function app.activity_type_usable_in(uuid, uuid) is
  'Whether the activity type is defined at the org or one of its ancestors (attribution checks).';
comment on function app.organisations_closure_insert() is
  'AFTER INSERT row trigger of organisations: the new node''s closure rows (itself and every ancestor '
  'of its parent).';
comment on function app.organisations_closure_move() is
  'AFTER UPDATE OF parent_id row trigger of organisations: detaches the moved subtree from its old '
  'ancestors in organisation_closure, attaches it to the new ones and shifts its levels.';
comment on function app.activities_check_attribution() is
  'BEFORE INSERT/UPDATE row trigger of activities: the peer mentor is peer_mentor and the coordinator '
  '(when set) coordinator of the activity''s org, and the activity type is usable there; 23514. '
  'Rows outside the caller''s visible organisations are left to RLS.';
comment on function app.proxy_activities_check_attribution() is
  'BEFORE INSERT/UPDATE row trigger of proxy_activities: attributed mentor and coordinator hold their '
  'roles in the org, the template belongs to it (23514), and activity_type_id is resolved from the '
  'code at the nearest ancestor defining it. Rows outside the caller''s visible organisations are '
  'left to RLS.';
comment on function app.recurring_activity_templates_check_org() is
  'BEFORE INSERT/UPDATE row trigger of recurring_activity_templates: the coordinator and the '
  'attributed mentor (when set) hold their roles in the template''s org; 23514. Rows outside the '
  'caller''s visible organisations are left to RLS.';
comment on function app.reimbursements_check_org() is
  'BEFORE INSERT/UPDATE row trigger of reimbursements: the claimant belongs to the org (or is org_admin '
  'above it) and the decider is its coordinator or an org_admin above it; 23514. Rows outside the '
  'caller''s visible organisations are left to RLS.';
comment on function app.peer_mentor_certifications_check_org() is
  'BEFORE INSERT/UPDATE row trigger of peer_mentor_certifications: the peer mentor is peer_mentor of '
  'the certification''s org; 23514. Rows outside the caller''s visible organisations are left to RLS.';
comment on function app.peer_mentor_certifications_guard_history() is
  'BEFORE INSERT/UPDATE row trigger of peer_mentor_certifications: for callers under RLS, '
  'renewal_history starts empty and grows by exactly one entry per statement, renewed by the caller '
  'now (what renew_certification appends); service_role and superusers are not restricted.';
comment on function app.proxy_audit_log_refuse_change() is
  'BEFORE UPDATE/DELETE (row) and TRUNCATE (statement) trigger of proxy_audit_log: the audit trail is '
  'append-only for every role (42501).';
comment on function app.rebuild_activity_summaries() is
  'Recomputes org_monthly_activity_counts from activities and proxy_activities (after bulk loads with '
  'triggers disabled).';
comment on function app.activities_maintain_summary() is
  'AFTER INSERT/UPDATE/DELETE statement trigger of activities: keeps org_monthly_activity_counts exact '
  'from the transition tables, locking the touched summary rows in (org_id, activity_month) order.';
comment on function app.proxy_activities_maintain_summary() is
  'AFTER INSERT/UPDATE/DELETE statement trigger of proxy_activities: keeps the proxy columns of '
  'org_monthly_activity_counts exact, locking the touched summary rows in (org_id, activity_month) order.';
comment on function app.bump_org_activity_changes() is
  'AFTER INSERT/UPDATE/DELETE statement trigger of activities and proxy_activities: bumps the change '
  'marker (org_activity_changes) of every organisation the statement touched, in org_id order.';
comment on function app.add_org_kpi_deltas(uuid[], bigint[], bigint[], bigint[]) is
  'Adds per-organisation deltas (parallel arrays) to app.org_kpi_totals: existing rows updated first, '
  'the rest inserted (an upsert would trip the non-negative CHECK on a negative delta).';
comment on function app.add_subtree_person_deltas(uuid[], integer[], integer[]) is
  'Adds per-organisation person deltas (parallel arrays) to app.subtree_person_counts: existing rows '
  'updated first, the rest inserted.';
comment on function app.subtree_persons_on_change() is
  'AFTER statement trigger of org_memberships and organisation_closure: recomputes app.subtree_persons '
  'for the persons whose memberships or ancestor organisations changed.';
comment on function app.subtree_persons_on_user_status() is
  'AFTER UPDATE statement trigger of users: moves persons whose status changed between active and not '
  'active in app.subtree_persons and the subtree counts.';
comment on function app.org_kpi_totals_on_change() is
  'AFTER INSERT/UPDATE/DELETE statement trigger of org_monthly_activity_counts and reimbursements: '
  'applies the per-organisation differences to app.org_kpi_totals.';
