package no.likeperson.supabase;

import static no.likeperson.supabase.SeedData.ADMIN_BLIND;
import static no.likeperson.supabase.SeedData.ADMIN_NATIONAL;
import static no.likeperson.supabase.SeedData.ADMIN_OST;
import static no.likeperson.supabase.SeedData.ORG_BLIND;
import static no.likeperson.supabase.SeedData.ORG_OSLO;
import static no.likeperson.supabase.SeedData.ORG_REGION_OST;
import static no.likeperson.supabase.SeedData.ORG_TRONDHEIM;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An organisation inserted under a parent the caller cannot see gets RLS's answer, the same for
 * another organisation's node (whatever its depth) and for an id that does not exist, and does not
 * wait for the global tree lock (migration 20261205030200, docs/hardening.md item 7). Before, a
 * foreign level-4 parent answered 23514 "deeper than 5 levels", and every insert queued behind tree
 * changes in progress.
 */
class OrganisationTreeLeftToRlsTest {

  private static final String INSERT =
      "insert into public.organisations (parent_id, name) values (?, 'Ny')";

  private static LocalDatabase db;

  @BeforeAll
  static void start() {
    db = SharedDatabase.seeded();
  }

  private static String insertUnder(SuperuserTx tx, UUID parent) throws SQLException {
    return tx.attemptMessage(INSERT, parent);
  }

  /** Levels 3 and 4 below Oslo (level 2), created as the superuser; returns the level-4 node. */
  private static UUID levelFourUnderOslo(SuperuserTx tx) throws SQLException {
    UUID level3 =
        (UUID)
            tx.scalar(
                "insert into public.organisations (parent_id, name) values (?, 'Bydel')"
                    + " returning id",
                ORG_OSLO);
    UUID level4 =
        (UUID)
            tx.scalar(
                "insert into public.organisations (parent_id, name) values (?, 'Gruppe')"
                    + " returning id",
                level3);
    assertThat(tx.count("select level from public.organisations where id = ?", level4))
        .isEqualTo(4);
    return level4;
  }

  @Test
  void foreignLevelFourParent_getsTheAnswerOfAnUnknownParent() throws SQLException {
    try (SuperuserTx tx = SuperuserTx.open(db)) {
      UUID level4 = levelFourUnderOslo(tx);
      tx.actAs(db, ADMIN_BLIND);
      String foreignDeep = insertUnder(tx, level4);
      String foreignShallow = insertUnder(tx, ORG_OSLO);
      String unknown = insertUnder(tx, UUID.randomUUID());
      assertThat(unknown).startsWith("42501").contains("row-level security");
      assertThat(foreignDeep).isEqualTo(unknown);
      assertThat(foreignShallow).isEqualTo(unknown);
    }
  }

  @Test
  void ownLevelFourParent_isStillTooDeep_andAShallowerOneWorks() throws SQLException {
    try (SuperuserTx tx = SuperuserTx.open(db)) {
      UUID level4 = levelFourUnderOslo(tx);
      tx.actAs(db, ADMIN_NATIONAL);
      assertThat(insertUnder(tx, level4)).startsWith("23514").contains("deeper than 5 levels");
      assertThat(insertUnder(tx, ORG_OSLO)).isNull();
    }
  }

  @Test
  void serviceRoleAndSuperuser_areStillChecked() throws SQLException {
    try (SuperuserTx tx = SuperuserTx.open(db)) {
      UUID level4 = levelFourUnderOslo(tx);
      assertThat(insertUnder(tx, level4)).startsWith("23514");
      tx.act("service_role", "{\"role\":\"service_role\"}");
      assertThat(insertUnder(tx, level4)).startsWith("23514");
    }
  }

  @Test
  void foreignParent_doesNotWaitForATreeChangeInProgress() throws Exception {
    try (Connection holder = db.dataSource().getConnection()) {
      holder.setAutoCommit(false);
      try (PreparedStatement ps = holder.prepareStatement(INSERT)) {
        ps.setObject(1, ORG_BLIND); // a tree change in progress: holds the tree lock until rollback
        ps.executeUpdate();
      }
      try (PgSession admin = PgSession.user(db, ADMIN_OST)) {
        assertThat(admin.attempt("set local lock_timeout = '2s'").failed()).isFalse();
        PgSession.Outcome foreign = admin.attempt(INSERT, ORG_TRONDHEIM);
        PgSession.Outcome unknown = admin.attempt(INSERT, UUID.randomUUID());
        assertThat(foreign.sqlState()).as("%s", foreign).isEqualTo("42501");
        assertThat(unknown.sqlState()).as("%s", unknown).isEqualTo("42501");
        assertThat(foreign.message()).isEqualTo(unknown.message());
        // the lock is really held: the admin's own subtree waits for it (until the lock timeout)
        assertThat(admin.attempt(INSERT, ORG_REGION_OST).sqlState()).isEqualTo("55P03");
      } finally {
        holder.rollback();
      }
    }
  }
}
