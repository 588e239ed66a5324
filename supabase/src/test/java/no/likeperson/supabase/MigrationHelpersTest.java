package no.likeperson.supabase;

import static no.likeperson.supabase.SeedData.COORD_OSLO;
import static no.likeperson.supabase.SeedData.COORD_TRONDHEIM;
import static no.likeperson.supabase.SeedData.MENTOR_OSLO;
import static no.likeperson.supabase.SeedData.MENTOR_TRONDHEIM;
import static no.likeperson.supabase.SeedData.ORG_OSLO;
import static no.likeperson.supabase.SeedData.ORG_TRONDHEIM;
import static no.likeperson.supabase.SeedData.TYPE_SAMTALE;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The helpers later migrations call instead of repeating SQL (migration 20261205030000,
 * docs/database.md "How to write a migration"): {@code app.secure_table} and {@code
 * app.add_same_org_check}, used on a probe table inside a rolled-back transaction exactly as a
 * migration would, then written to as the API roles.
 */
class MigrationHelpersTest {

  private static LocalDatabase db;

  @BeforeAll
  static void start() {
    db = SharedDatabase.seeded();
  }

  /** A table as a new migration would create it: helpers instead of the repeated block. */
  private static void createProbe(SuperuserTx tx) throws SQLException {
    tx.execute(
        "create table public.helper_probe (id uuid primary key default gen_random_uuid(),"
            + " org_id uuid not null references public.organisations (id), peer_mentor_id uuid not null,"
            + " coordinator_id uuid, note text, updated_at timestamptz not null default now());"
            + " grant select, insert, update on public.helper_probe to authenticated;"
            + " create policy helper_probe_insert on public.helper_probe for insert to authenticated"
            + "   with check (org_id = any ((select app.staff_org_ids())::uuid[]));"
            + " create policy helper_probe_update on public.helper_probe for update to authenticated"
            + "   using (org_id = any ((select app.staff_org_ids())::uuid[]));"
            + " create policy helper_probe_select on public.helper_probe for select to authenticated"
            + "   using (org_id = any ((select app.staff_org_ids())::uuid[]));"
            + " select app.secure_table('public.helper_probe');"
            + " select app.add_same_org_check('public.helper_probe', 'helper_probe_same_org',"
            + "   'peer_mentor_id=peer_mentor', 'coordinator_id=coordinator');");
  }

  private static final String INSERT =
      "insert into public.helper_probe (org_id, peer_mentor_id, coordinator_id) values (?, ?, ?)";

  @Test
  void secureTable_enablesRls_revokesTruncate_andKeepsUpdatedAt_idempotently() throws SQLException {
    try (SuperuserTx tx = SuperuserTx.open(db)) {
      createProbe(tx);
      tx.execute(
          "select app.secure_table('public.helper_probe'); select app.secure_table('public.helper_probe')");
      assertThat(
              tx.scalar(
                  "select relrowsecurity from pg_class where oid = 'public.helper_probe'::regclass"))
          .isEqualTo(true);
      for (String role : List.of("anon", "authenticated")) {
        assertThat(
                tx.scalar("select has_table_privilege(?, 'public.helper_probe', 'truncate')", role))
            .as(role)
            .isEqualTo(false);
      }
      assertThat(
              tx.count(
                  "select count(*) from pg_trigger where tgrelid = 'public.helper_probe'::regclass"
                      + " and tgname = 'helper_probe_set_updated_at' and tgfoid = 'app.set_updated_at()'::regprocedure"))
          .isEqualTo(1);
      Object id =
          tx.scalar(
              "insert into public.helper_probe (org_id, peer_mentor_id, updated_at)"
                  + " values (?, ?, timestamptz '2020-01-01') returning id",
              ORG_OSLO,
              MENTOR_OSLO);
      tx.update("update public.helper_probe set note = 'x' where id = ?", id);
      assertThat(tx.scalar("select updated_at = now() from public.helper_probe where id = ?", id))
          .isEqualTo(true);
      // a table without updated_at gets no trigger
      tx.execute(
          "create table public.helper_probe_plain (id int primary key);"
              + " select app.secure_table('public.helper_probe_plain')");
      assertThat(
              tx.count(
                  "select count(*) from pg_trigger where tgrelid = 'public.helper_probe_plain'::regclass"))
          .isZero();
    }
  }

  @Test
  void sameOrgCheck_refusesAStrangerWithTheRuleOfTheExistingTriggers() throws SQLException {
    try (SuperuserTx tx = SuperuserTx.open(db)) {
      createProbe(tx);
      tx.execute(
          "select app.add_same_org_check('public.helper_probe', 'helper_probe_same_org',"
              + " 'peer_mentor_id=peer_mentor', 'coordinator_id=coordinator')"); // twice:
      // idempotent
      assertThat(
              tx.count(
                  "select count(*) from pg_trigger where tgrelid = 'public.helper_probe'::regclass"
                      + " and tgname = 'helper_probe_check_same_org'"))
          .isEqualTo(1);
      tx.actAs(db, COORD_OSLO);
      assertThat(tx.attemptMessage(INSERT, ORG_OSLO, MENTOR_OSLO, COORD_OSLO)).isNull();
      assertThat(tx.attemptMessage(INSERT, ORG_OSLO, MENTOR_OSLO, null)).isNull();
      String stranger = tx.attemptMessage(INSERT, ORG_OSLO, MENTOR_TRONDHEIM, null);
      assertThat(stranger)
          .startsWith("23514")
          .contains(
              "peer mentor "
                  + MENTOR_TRONDHEIM
                  + " is not a peer_mentor of organisation "
                  + ORG_OSLO);
      // the same words as activities' own trigger for the same person
      String activities =
          tx.attemptMessage(
              "insert into public.activities (org_id, peer_mentor_id, activity_type_id,"
                  + " activity_date) values (?, ?, ?, date '2026-05-05')",
              ORG_OSLO,
              MENTOR_TRONDHEIM,
              TYPE_SAMTALE);
      assertThat(firstLine(stranger)).isEqualTo(firstLine(activities));
      assertThat(tx.attemptMessage(INSERT, ORG_OSLO, MENTOR_OSLO, COORD_TRONDHEIM))
          .startsWith("23514")
          .contains(
              "coordinator "
                  + COORD_TRONDHEIM
                  + " is not a coordinator of organisation "
                  + ORG_OSLO);
      // an update of a checked column is checked; of another column not
      assertThat(
              tx.attemptMessage(
                  "update public.helper_probe set peer_mentor_id = ?", MENTOR_TRONDHEIM))
          .startsWith("23514");
      assertThat(tx.attemptMessage("update public.helper_probe set note = 'y'")).isNull();
      // another organisation's row is RLS's to refuse: nothing about its members is told
      assertThat(tx.attemptMessage(INSERT, ORG_TRONDHEIM, MENTOR_OSLO, null)).startsWith("42501");
      assertThat(tx.attemptMessage(INSERT, ORG_TRONDHEIM, MENTOR_TRONDHEIM, null))
          .startsWith("42501");
      tx.execute("reset role"); // the superuser (like service_role) is always checked
      assertThat(tx.attemptMessage(INSERT, ORG_TRONDHEIM, MENTOR_OSLO, null))
          .startsWith("23514")
          .contains("constraint=helper_probe_same_org");
      assertThat(tx.attemptMessage(INSERT, ORG_TRONDHEIM, MENTOR_TRONDHEIM, COORD_TRONDHEIM))
          .isNull();
    }
  }

  @Test
  void sameOrgCheck_refusesABadDeclaration() throws SQLException {
    try (SuperuserTx tx = SuperuserTx.open(db)) {
      createProbe(tx);
      assertThat(
              tx.attemptMessage(
                  "select app.add_same_org_check('public.helper_probe', 'x', 'nope_id=peer_mentor')"))
          .startsWith("42703");
      assertThat(
              tx.attemptMessage(
                  "select app.add_same_org_check('public.helper_probe', 'x', 'peer_mentor_id=boss')"))
          .startsWith("22023");
      assertThat(
              tx.attemptMessage(
                  "select app.add_same_org_check('public.helper_probe', 'Bad Name', "
                      + "'peer_mentor_id=peer_mentor')"))
          .startsWith("22023");
      assertThat(
              tx.attemptMessage(
                  "select app.add_same_org_check('public.helper_probe', 'x', variadic '{}'::text[])"))
          .startsWith("22023");
    }
  }

  @Test
  void helpers_areNotCallableByTheApiRoles() throws SQLException {
    try (SuperuserTx tx = SuperuserTx.open(db)) {
      for (String role : List.of("anon", "authenticated", "service_role")) {
        for (String fn :
            List.of(
                "app.secure_table(regclass)", "app.add_same_org_check(regclass, text, text[])")) {
          assertThat(tx.scalar("select has_function_privilege(?, ?, 'execute')", role, fn))
              .as(role + " " + fn)
              .isEqualTo(false);
        }
      }
    }
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
