-- Rollback of 20261205030300_function_comments.sql: the functions it commented have no comment again.

comment on function app.activity_type_usable_in(uuid, uuid) is null;
comment on function app.organisations_closure_insert() is null;
comment on function app.organisations_closure_move() is null;
comment on function app.activities_check_attribution() is null;
comment on function app.proxy_activities_check_attribution() is null;
comment on function app.recurring_activity_templates_check_org() is null;
comment on function app.reimbursements_check_org() is null;
comment on function app.peer_mentor_certifications_check_org() is null;
comment on function app.peer_mentor_certifications_guard_history() is null;
comment on function app.proxy_audit_log_refuse_change() is null;
comment on function app.rebuild_activity_summaries() is null;
comment on function app.activities_maintain_summary() is null;
comment on function app.proxy_activities_maintain_summary() is null;
comment on function app.bump_org_activity_changes() is null;
comment on function app.add_org_kpi_deltas(uuid[], bigint[], bigint[], bigint[]) is null;
comment on function app.add_subtree_person_deltas(uuid[], integer[], integer[]) is null;
comment on function app.subtree_persons_on_change() is null;
comment on function app.subtree_persons_on_user_status() is null;
comment on function app.org_kpi_totals_on_change() is null;
