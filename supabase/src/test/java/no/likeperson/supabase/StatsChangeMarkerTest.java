package no.likeperson.supabase;

import static no.likeperson.supabase.SeedData.COORD_OSLO;
import static no.likeperson.supabase.SeedData.MENTOR_MULTI;
import static no.likeperson.supabase.SeedData.MENTOR_OSLO;
import static no.likeperson.supabase.SeedData.MENTOR_TRONDHEIM;
import static no.likeperson.supabase.SeedData.ORG_BAERUM;
import static no.likeperson.supabase.SeedData.ORG_BERGEN;
import static no.likeperson.supabase.SeedData.ORG_OSLO;
import static no.likeperson.supabase.SeedData.ORG_TRONDHEIM;
import static no.likeperson.supabase.SeedData.TYPE_SAMTALE;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The per-organisation change marker (migration 20261204010000): every write statement on
 * activities or proxy_activities gives each organisation it touched (old and new rows) a version
 * never seen before, and no other organisation; a statement that changes no row bumps nothing; it
 * is read under RLS through public.stats_change_marker. Every write here is rolled back.
 */
class StatsChangeMarkerTest {

  private static LocalDatabase db;
  private static final List<UUID> ORGS = List.of(ORG_OSLO, ORG_BAERUM, ORG_BERGEN, ORG_TRONDHEIM);

  @BeforeAll
  static void start() {
    db = SharedDatabase.seeded();
  }

  private static Map<UUID, Long> markers(SuperuserTx tx) throws SQLException {
    Map<UUID, Long> out = new HashMap<>();
    for (UUID org : ORGS) {
      out.put(
          org,
          tx.count(
              "select coalesce((select version from public.org_activity_changes where org_id = ?), 0)",
              org));
    }
    return out;
  }

  /** The organisations whose marker differs between two snapshots. */
  private static List<UUID> bumped(Map<UUID, Long> before, Map<UUID, Long> after) {
    return ORGS.stream().filter(o -> !before.get(o).equals(after.get(o))).toList();
  }

  private static final String INSERT_ACTIVITY =
      "insert into public.activities (org_id, peer_mentor_id, activity_type_id, "
          + "activity_date, duration_minutes) values (?, ?, ?, ?, 60)";

  @Test
  void seed_leftAMarkerOnEveryOrganisationWithActivities() throws SQLException {
    try (SuperuserTx tx = SuperuserTx.open(db)) {
      assertThat(
              tx.count(
                  "select count(*) from (select org_id from public.activities union "
                      + "select org_id from public.proxy_activities) o where not exists (select from "
                      + "public.org_activity_changes c where c.org_id = o.org_id)"))
          .isZero();
    }
  }

  @Test
  void insert_bumpsOnlyItsOrganisation_andEachStatementGivesANewVersion() throws SQLException {
    try (SuperuserTx tx = SuperuserTx.open(db)) {
      Map<UUID, Long> before = markers(tx);
      tx.update(INSERT_ACTIVITY, ORG_OSLO, MENTOR_OSLO, TYPE_SAMTALE, LocalDate.of(2026, 6, 3));
      Map<UUID, Long> once = markers(tx);
      assertThat(bumped(before, once)).containsExactly(ORG_OSLO);
      tx.update(INSERT_ACTIVITY, ORG_OSLO, MENTOR_OSLO, TYPE_SAMTALE, LocalDate.of(2026, 6, 4));
      Map<UUID, Long> twice = markers(tx);
      assertThat(bumped(once, twice)).containsExactly(ORG_OSLO);
      assertThat(twice.get(ORG_OSLO)).isNotIn(before.get(ORG_OSLO), once.get(ORG_OSLO));
    }
  }

  @Test
  void oneStatementOverTwoOrganisations_bumpsBoth() throws SQLException {
    try (SuperuserTx tx = SuperuserTx.open(db)) {
      Map<UUID, Long> before = markers(tx);
      tx.update(
          "insert into public.activities (org_id, peer_mentor_id, activity_type_id, activity_date) values "
              + "(?, ?, ?, date '2026-07-01'), (?, ?, ?, date '2026-07-02'), (?, ?, ?, date '2026-07-03')",
          ORG_OSLO,
          MENTOR_MULTI,
          TYPE_SAMTALE,
          ORG_BAERUM,
          MENTOR_MULTI,
          TYPE_SAMTALE,
          ORG_OSLO,
          MENTOR_OSLO,
          TYPE_SAMTALE);
      assertThat(bumped(before, markers(tx))).containsExactlyInAnyOrder(ORG_OSLO, ORG_BAERUM);
    }
  }

  @Test
  void movingAnActivityToAnotherOrganisation_bumpsTheOldAndTheNew() throws SQLException {
    try (SuperuserTx tx = SuperuserTx.open(db)) {
      Object id =
          tx.scalar(
              "select id from public.activities where org_id = ? and peer_mentor_id = ? limit 1",
              ORG_OSLO,
              MENTOR_MULTI);
      Map<UUID, Long> before = markers(tx);
      assertThat(
              tx.update(
                  "update public.activities set org_id = ?, coordinator_id = null where id = ?",
                  ORG_BAERUM,
                  id))
          .isOne();
      assertThat(bumped(before, markers(tx))).containsExactlyInAnyOrder(ORG_OSLO, ORG_BAERUM);
    }
  }

  @Test
  void updateAndDeleteOfProxyActivities_bumpTheirOrganisation() throws SQLException {
    try (SuperuserTx tx = SuperuserTx.open(db)) {
      Map<UUID, Long> before = markers(tx);
      assertThat(
              tx.update(
                  "update public.proxy_activities set duration_minutes = 50 where org_id = ? "
                      + "and attributed_mentor_id = ? and date = date '2026-02-10'",
                  ORG_TRONDHEIM,
                  MENTOR_TRONDHEIM))
          .isOne();
      Map<UUID, Long> updated = markers(tx);
      assertThat(bumped(before, updated)).containsExactly(ORG_TRONDHEIM);
      assertThat(
              tx.update(
                  "delete from public.proxy_activities where org_id = ? and date = date '2026-03-10'",
                  ORG_TRONDHEIM))
          .isPositive();
      assertThat(bumped(updated, markers(tx))).containsExactly(ORG_TRONDHEIM);
    }
  }

  @Test
  void aStatementThatChangesNoRow_bumpsNothing() throws SQLException {
    try (SuperuserTx tx = SuperuserTx.open(db)) {
      Map<UUID, Long> before = markers(tx);
      assertThat(tx.update("update public.activities set duration_minutes = 1 where false"))
          .isZero();
      assertThat(tx.update("delete from public.proxy_activities where false")).isZero();
      assertThat(bumped(before, markers(tx))).isEmpty();
    }
  }

  @Test
  void rpc_underRls_answersMembersAndStaff_andZeroForOtherOrganisations() throws SQLException {
    long oslo;
    try (SuperuserTx tx = SuperuserTx.open(db)) {
      oslo = markers(tx).get(ORG_OSLO);
    }
    assertThat(oslo).isPositive();
    for (UUID reader : List.of(COORD_OSLO, MENTOR_OSLO)) {
      try (PgSession s = PgSession.get(db, reader)) {
        assertThat(
                ((Number) s.scalar("select public.stats_change_marker(?)", ORG_OSLO)).longValue())
            .isEqualTo(oslo);
        assertThat(
                ((Number) s.scalar("select public.stats_change_marker(?)", ORG_TRONDHEIM))
                    .longValue())
            .isZero();
      }
    }
    try (PgSession s = PgSession.get(db, null)) {
      assertThat(s.attempt("select public.stats_change_marker(?)", ORG_OSLO).sqlState())
          .isEqualTo("42501");
    }
  }

  @Test
  void aCoordinatorsWrite_throughRls_bumpsTheMarker_andTheMarkerCannotBeWrittenDirectly()
      throws SQLException {
    try (PgSession s = PgSession.user(db, COORD_OSLO)) {
      long before =
          ((Number) s.scalar("select public.stats_change_marker(?)", ORG_OSLO)).longValue();
      assertThat(
              s.update(
                  "insert into public.proxy_activities (coordinator_id, attributed_mentor_id, org_id, "
                      + "activity_type, date, duration_minutes) values (?, ?, ?, 'samtale', date '2026-08-08', 30)",
                  COORD_OSLO,
                  MENTOR_OSLO,
                  ORG_OSLO))
          .isOne();
      long after =
          ((Number) s.scalar("select public.stats_change_marker(?)", ORG_OSLO)).longValue();
      assertThat(after).isNotEqualTo(before);
      assertThat(
              s.attempt(
                      "update public.org_activity_changes set version = ? where org_id = ?",
                      before,
                      ORG_OSLO)
                  .sqlState())
          .isEqualTo("42501");
    }
  }
}
