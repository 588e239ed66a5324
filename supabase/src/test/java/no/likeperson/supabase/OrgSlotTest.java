package no.likeperson.supabase;

import static no.likeperson.supabase.SeedData.ADMIN_BLIND;
import static no.likeperson.supabase.SeedData.ADMIN_NATIONAL;
import static no.likeperson.supabase.SeedData.ADMIN_OST;
import static no.likeperson.supabase.SeedData.COORD_OSLO;
import static no.likeperson.supabase.SeedData.MENTOR_BERGEN;
import static no.likeperson.supabase.SeedData.ORG_BLIND;
import static no.likeperson.supabase.SeedData.ORG_OSLO;
import static no.likeperson.supabase.SeedData.ORG_REGION_VEST;
import static no.likeperson.supabase.SeedData.ORG_TRONDHEIM;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The organisation numbers of migration 20261205080100: every org-scoped row carries its
 * organisation's {@code org_slot}, which RLS tests against the caller's sets in constant time. The
 * number must always be the organisation's (a wrong one would show the row to another
 * organisation), cannot be forged, survives every tree change, and the policies must no longer
 * parse a set of uuids per statement (the cost a hidden row made a national admin pay).
 */
class OrgSlotTest {

  /** Each org-scoped table and the column naming its organisation. */
  private static final String[][] TABLES = {
    {"activities", "org_id"},
    {"activity_types", "org_id"},
    {"org_activity_changes", "org_id"},
    {"org_memberships", "org_id"},
    {"org_monthly_activity_counts", "org_id"},
    {"organisation_closure", "descendant_id"},
    {"peer_mentor_certifications", "org_id"},
    {"proxy_activities", "org_id"},
    {"proxy_audit_log", "org_id"},
    {"recurring_activity_templates", "org_id"},
    {"reimbursements", "org_id"},
    {"users", "org_id"}
  };

  private static LocalDatabase db;

  @BeforeAll
  static void start() {
    db = SharedDatabase.seeded();
  }

  /**
   * Rows whose number is not their organisation's (every org-scoped table), people whose
   * other_memberships flag is wrong, and stored subtree strings that differ from their
   * recomputation.
   */
  private static long inconsistent(SuperuserTx tx) throws SQLException {
    long wrong =
        tx.count(
            "select count(*) from public.organisations o left join public.organisations p"
                + " on p.id = o.parent_id where o.parent_slot is distinct from p.org_slot");
    // the derived facts the policies and the pre-request read
    wrong +=
        tx.count(
            "select count(*) from public.users u where u.other_memberships is distinct from exists"
                + " (select from public.org_memberships m where m.user_id = u.id"
                + " and m.org_id is distinct from u.org_id)");
    wrong +=
        tx.count(
            "select count(*) from public.organisations o full join app.org_subtree_slots s"
                + " on s.org_id = o.id left join lateral (select app.org_slot_string(array_agg("
                + "c.org_slot)) as slots, array_agg(c.descendant_id order by c.descendant_id)::text"
                + " as ids from public.organisation_closure c where c.ancestor_id = o.id) x on true"
                + " where s.slots is distinct from x.slots or s.ids is distinct from x.ids");
    for (String[] t : TABLES) {
      wrong +=
          tx.count(
              "select count(*) from public."
                  + t[0]
                  + " r left join public.organisations o on o.id = r."
                  + t[1]
                  + " where r.org_slot is distinct from o.org_slot");
    }
    return wrong;
  }

  @Test
  void everyOrgScopedRow_carriesItsOrganisationsNumber() throws SQLException {
    try (SuperuserTx tx = SuperuserTx.open(db)) {
      for (String[] t : TABLES) {
        assertThat(tx.count("select count(*) from public." + t[0] + " where org_slot is not null"))
            .as("numbered rows of %s in the seed", t[0])
            .isPositive();
      }
      assertThat(inconsistent(tx)).isZero();
      assertThat(
              tx.count(
                  "select count(*) from public.organisations"
                      + " where org_slot is null or org_slot < 1"))
          .isZero();
    }
  }

  @Test
  void aWrittenNumber_isIgnored() throws SQLException {
    int trondheim;
    int oslo;
    try (SuperuserTx tx = SuperuserTx.open(db)) {
      trondheim = slot(tx, ORG_TRONDHEIM);
      oslo = slot(tx, ORG_OSLO);
    }
    try (PgSession s = PgSession.user(db, COORD_OSLO)) {
      assertThat(
              s.update(
                  "update public.activities set org_slot = ? where org_id = ?",
                  trondheim,
                  ORG_OSLO))
          .isPositive();
      assertThat(
              s.count(
                  "select count(*) from public.activities where org_id = ? and org_slot <> ?",
                  ORG_OSLO,
                  oslo))
          .isZero();
      // users grants UPDATE per column: the number is not among them
      assertThat(
              s.attempt("update public.users set org_slot = ? where id = ?", trondheim, COORD_OSLO)
                  .sqlState())
          .isEqualTo("42501");
    }
    try (SuperuserTx tx = SuperuserTx.open(db)) {
      UUID team =
          (UUID)
              tx.scalar(
                  "insert into public.organisations (parent_id, name, parent_slot)"
                      + " values (?, 'team', ?) returning id",
                  ORG_OSLO,
                  trondheim);
      assertThat(tx.scalar("select parent_slot from public.organisations where id = ?", team))
          .isEqualTo(oslo);
      assertThat(
              tx.count(
                  "select count(*) from public.organisation_closure"
                      + " where descendant_id = ? and org_slot = (select org_slot"
                      + " from public.organisations where id = ?)",
                  team,
                  team))
          .isEqualTo(4);
      assertThat(inconsistent(tx)).isZero();
    }
  }

  @Test
  void anOrganisationsNumber_cannotBeWritten() throws SQLException {
    try (SuperuserTx tx = SuperuserTx.open(db)) {
      assertThat(
              tx.attempt("update public.organisations set org_slot = 9999 where id = ?", ORG_OSLO))
          .isEqualTo("428C9");
    }
    try (SuperuserTx tx = SuperuserTx.open(db)) {
      assertThat(
              tx.attempt(
                  "insert into public.organisations (parent_id, name, org_slot)"
                      + " values (?, 'team', 9999)",
                  ORG_OSLO))
          .isEqualTo("428C9");
    }
  }

  /**
   * Moving an organisation changes who may see its rows through the sets, never the rows: within
   * its tree (Oslo from Øst to Vest) and to another tree (Oslo under Blindeforbundet).
   */
  @Test
  void aMovedOrganisation_keepsItsRowsNumbers_andTheSetsFollowTheTree() throws SQLException {
    try (SuperuserTx tx = SuperuserTx.open(db)) {
      String oslosActivities = "select count(*) from public.activities where org_id = ?";
      long all = tx.count(oslosActivities, ORG_OSLO);
      assertThat(all).isPositive();
      String numbers = "select sum(org_slot) from public.activities where org_id = ?";
      long before = tx.count(numbers, ORG_OSLO);

      assertThat(as(tx, ADMIN_OST, oslosActivities, ORG_OSLO)).isEqualTo(all);
      tx.update(
          "update public.organisations set parent_id = ? where id = ?", ORG_REGION_VEST, ORG_OSLO);
      assertThat(as(tx, ADMIN_OST, oslosActivities, ORG_OSLO)).isZero();
      assertThat(as(tx, ADMIN_NATIONAL, oslosActivities, ORG_OSLO)).isEqualTo(all);

      tx.update("update public.organisations set parent_id = ? where id = ?", ORG_BLIND, ORG_OSLO);
      assertThat(as(tx, ADMIN_NATIONAL, oslosActivities, ORG_OSLO)).isZero();
      assertThat(as(tx, ADMIN_BLIND, oslosActivities, ORG_OSLO)).isEqualTo(all);

      assertThat(tx.count(numbers, ORG_OSLO)).isEqualTo(before);
      assertThat(inconsistent(tx)).isZero();
    }
  }

  /**
   * A membership outside the person's chapter makes users_select ask for the person's memberships
   * (users.other_memberships); the flag follows every write and is not a change of the person.
   */
  @Test
  void aMembershipOutsideTheChapter_isFlagged_andShowsThePersonToThatOrganisationsStaff()
      throws SQLException {
    try (SuperuserTx tx = SuperuserTx.open(db)) {
      String seen = "select count(*) from public.users where id = ?";
      Object updatedAt =
          tx.scalar("select updated_at from public.users where id = ?", MENTOR_BERGEN);
      assertThat(
              tx.scalar("select other_memberships from public.users where id = ?", MENTOR_BERGEN))
          .isEqualTo(false);
      assertThat(as(tx, COORD_OSLO, seen, MENTOR_BERGEN)).isZero();

      tx.update(
          "insert into public.org_memberships (user_id, org_id, role) values (?, ?, 'peer_mentor')",
          MENTOR_BERGEN,
          ORG_OSLO);
      assertThat(
              tx.scalar("select other_memberships from public.users where id = ?", MENTOR_BERGEN))
          .isEqualTo(true);
      assertThat(tx.scalar("select updated_at from public.users where id = ?", MENTOR_BERGEN))
          .isEqualTo(updatedAt);
      assertThat(as(tx, COORD_OSLO, seen, MENTOR_BERGEN)).isOne();
      assertThat(inconsistent(tx)).isZero();

      tx.update(
          "delete from public.org_memberships where user_id = ? and org_id = ?",
          MENTOR_BERGEN,
          ORG_OSLO);
      assertThat(
              tx.scalar("select other_memberships from public.users where id = ?", MENTOR_BERGEN))
          .isEqualTo(false);
      assertThat(as(tx, COORD_OSLO, seen, MENTOR_BERGEN)).isZero();
      // moving the person to Oslo: Bergen is now outside the chapter, and the move is a change
      tx.update("update public.users set org_id = ? where id = ?", ORG_OSLO, MENTOR_BERGEN);
      assertThat(
              tx.scalar("select other_memberships from public.users where id = ?", MENTOR_BERGEN))
          .isEqualTo(true);
      assertThat(tx.scalar("select updated_at from public.users where id = ?", MENTOR_BERGEN))
          .isNotEqualTo(updatedAt);
      assertThat(inconsistent(tx)).isZero();
    }
  }

  /** Every bookkeeping trigger fires for replicas too: a row left unnumbered would be hidden. */
  @Test
  void theBookkeepingTriggers_fireAlways() throws SQLException {
    try (SuperuserTx tx = SuperuserTx.open(db)) {
      assertThat(
              tx.query(
                  "select t.tgname, t.tgenabled::text as enabled from pg_trigger t"
                      + " where not t.tgisinternal and t.tgenabled <> 'A' and (t.tgname like"
                      + " '%set_org_slot' or t.tgname like '%subtree_slots%' or t.tgname like"
                      + " '%flag_users%' or t.tgname in ('organisations_set_parent_slot',"
                      + " 'users_set_other_memberships'))"))
          .isEmpty();
      assertThat(
              tx.count(
                  "select count(*) from pg_trigger t where t.tgenabled = 'A'"
                      + " and not t.tgisinternal"))
          .isEqualTo(20);
    }
  }

  /**
   * Rows written with session_replication_role = replica (the scale generator, a logical
   * replication subscriber) skip ordinary triggers; the numbering triggers fire anyway.
   */
  @Test
  void rowsWrittenAsAReplica_areNumberedToo() throws SQLException {
    try (SuperuserTx tx = SuperuserTx.open(db)) {
      tx.execute("set local session_replication_role = replica");
      UUID team =
          (UUID)
              tx.scalar(
                  "insert into public.organisations (parent_id, name, level)"
                      + " values (?, 'replica team', 3) returning id",
                  ORG_OSLO);
      tx.update(
          "insert into public.organisation_closure (ancestor_id, descendant_id, depth)"
              + " select c.ancestor_id, ?, c.depth + 1 from public.organisation_closure c"
              + " where c.descendant_id = ? union all select ?, ?, 0",
          team,
          ORG_OSLO,
          team,
          team);
      tx.update(
          "insert into public.org_memberships (user_id, org_id, role) values (?, ?, 'coordinator')",
          COORD_OSLO,
          team);
      assertThat(inconsistent(tx)).isZero();
      assertThat(
              tx.count(
                  "select count(*) from public.org_memberships where org_id = ? and org_slot = ?",
                  team,
                  slot(tx, team)))
          .isOne();
    }
  }

  /**
   * No org-scoped policy reads a set of uuids from a setting any more (the per-statement parse
   * whose cost grew with the caller's scope); only the caller's own id is read as a uuid.
   */
  @Test
  void noPolicy_parsesASetOfUuidsFromASetting() throws SQLException {
    try (SuperuserTx tx = SuperuserTx.open(db)) {
      assertThat(
              tx.query(
                  "select tablename || '.' || policyname as policy from pg_policies"
                      + " where schemaname = 'public'"
                      + " and qual ~ 'app\\.scope_[a-z_]+''::text, true\\), ''''::text\\)\\)::uuid\\['"))
          .isEmpty();
      assertThat(
              tx.count(
                  "select count(*) from pg_policies where schemaname = 'public'"
                      + " and qual like '%app.scope_slots_%'"))
          .isEqualTo(31);
    }
  }

  private static int slot(SuperuserTx tx, UUID org) throws SQLException {
    return ((Number) tx.scalar("select org_slot from public.organisations where id = ?", org))
        .intValue();
  }

  /** {@code sql} as {@code caller} after the pre-request, in the same transaction. */
  private static long as(SuperuserTx tx, UUID caller, String sql, Object... params)
      throws SQLException {
    tx.actAs(db, caller);
    try {
      tx.execute("select app.pre_request()");
      return tx.count(sql, params);
    } finally {
      tx.execute("reset role");
    }
  }
}
