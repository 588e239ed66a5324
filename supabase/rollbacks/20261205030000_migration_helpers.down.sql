-- Rollback of 20261205030000_migration_helpers.sql. Triggers made with app.add_same_org_check by later
-- migrations must be dropped by those migrations' rollbacks first (the function is in use otherwise).
drop function if exists app.add_same_org_check(regclass, text, text[]);
drop function if exists app.check_same_org();
drop function if exists app.secure_table(regclass);
