package no.likeperson.supabase;

import static no.likeperson.supabase.SeedData.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every CHECK, foreign-key action and trigger the cards ask for, on the seeded database. Each test
 * runs in a transaction that is rolled back, as superuser (constraints and triggers still fire, RLS
 * does not) or through {@link PgSession} as the role the rule is about.
 */
class ConstraintsAndTriggersTest {

  private static final String CHECK_VIOLATION = "23514";
  private static final String FK_VIOLATION = "23503";
  private static final String NOT_NULL_VIOLATION = "23502";
  private static final String INSUFFICIENT_PRIVILEGE = "42501";

  private static LocalDatabase db;

  @BeforeAll
  static void start() {
    db = SharedDatabase.seeded();
  }

  private static UUID newAuthUser(SuperuserTx tx, String email) throws SQLException {
    UUID id = UUID.randomUUID();
    tx.update(
        "insert into auth.users (id, email, aud, role) values (?, ?, 'authenticated', 'authenticated')",
        id,
        email);
    return id;
  }

  private static UUID newPerson(SuperuserTx tx, UUID org, String role) throws SQLException {
    UUID id = newAuthUser(tx, "t-" + UUID.randomUUID() + "@example.test");
    tx.update(
        "insert into public.users (id, org_id, full_name) values (?, ?, 'Test Person')", id, org);
    tx.update(
        "insert into public.org_memberships (user_id, org_id, role) values (?, ?, ?)",
        id,
        org,
        role);
    return id;
  }

  private static UUID newOrg(SuperuserTx tx, UUID parent, String name) throws SQLException {
    return (UUID)
        tx.scalar(
            "insert into public.organisations (parent_id, name) values (?, ?) returning id",
            parent,
            name);
  }

  private static String insertProxy(
      SuperuserTx tx, UUID coordinator, UUID mentor, UUID org, String type, int minutes)
      throws SQLException {
    return tx.attempt(
        "insert into public.proxy_activities (coordinator_id, attributed_mentor_id, org_id,"
            + " activity_type, date, duration_minutes) values (?, ?, ?, ?, date '2026-05-05', ?)",
        coordinator,
        mentor,
        org,
        type,
        minutes);
  }

  @Nested
  class OrganisationTree {

    @Test
    void closure_ofSeed_holdsEveryAncestorPairWithItsDepth() throws SQLException {
      try (SuperuserTx tx = SuperuserTx.open(db)) {
        assertThat(tx.count("select count(*) from public.organisation_closure")).isEqualTo(17);
        assertThat(
                tx.scalar(
                    "select depth from public.organisation_closure where ancestor_id = ? and descendant_id = ?",
                    ORG_NATIONAL,
                    ORG_OSLO))
            .isEqualTo(2);
        assertThat(
                tx.count(
                    "select count(*) from public.organisation_closure where ancestor_id = ?",
                    ORG_REGION_OST))
            .isEqualTo(3);
        assertThat(
                tx.count(
                    "select count(*) from public.organisation_closure where ancestor_id = ? and descendant_id = ?",
                    ORG_NATIONAL,
                    ORG_TRONDHEIM))
            .isZero();
      }
    }

    @Test
    void insert_addsClosureRowsForEveryAncestor_andDerivesLevel() throws SQLException {
      try (SuperuserTx tx = SuperuserTx.open(db)) {
        UUID team = newOrg(tx, ORG_OSLO, "Oslo team");
        assertThat(tx.scalar("select level from public.organisations where id = ?", team))
            .isEqualTo(3);
        List<Map<String, Object>> rows =
            tx.query(
                "select ancestor_id, depth from public.organisation_closure where descendant_id = ? order by depth",
                team);
        assertThat(rows)
            .extracting(r -> r.get("ancestor_id"))
            .containsExactly(team, ORG_OSLO, ORG_REGION_OST, ORG_NATIONAL);
        assertThat(rows).extracting(r -> r.get("depth")).containsExactly(0, 1, 2, 3);
      }
    }

    @Test
    void reparenting_movesTheWholeSubtreeInClosureAndLevels() throws SQLException {
      try (SuperuserTx tx = SuperuserTx.open(db)) {
        UUID team = newOrg(tx, ORG_OSLO, "Oslo team");
        tx.update(
            "update public.organisations set parent_id = ? where id = ?",
            ORG_REGION_VEST,
            ORG_OSLO);
        assertThat(
                tx.count(
                    "select count(*) from public.organisation_closure where ancestor_id = ? and descendant_id in (?, ?)",
                    ORG_REGION_OST,
                    ORG_OSLO,
                    team))
            .isZero();
        assertThat(
                tx.scalar(
                    "select depth from public.organisation_closure where ancestor_id = ? and descendant_id = ?",
                    ORG_REGION_VEST,
                    team))
            .isEqualTo(2);
        assertThat(
                tx.scalar(
                    "select depth from public.organisation_closure where ancestor_id = ? and descendant_id = ?",
                    ORG_NATIONAL,
                    team))
            .isEqualTo(3);
        // closure equals the transitive closure recomputed from parent_id
        assertThat(
                tx.count(
                    "with recursive up(a, d, depth) as ("
                        + " select id, id, 0 from public.organisations"
                        + " union all select o.parent_id, up.d, up.depth + 1 from up join public.organisations o on o.id = up.a"
                        + " where o.parent_id is not null)"
                        + " select count(*) from (select a, d, depth from up except"
                        + " select ancestor_id, descendant_id, depth from public.organisation_closure) x"))
            .isZero();
        assertThat(tx.count("select count(*) from public.organisation_closure")).isEqualTo(17 + 4);

        // moving a chapter to become a root makes it level 0 and its child level 1
        tx.update("update public.organisations set parent_id = null where id = ?", ORG_OSLO);
        assertThat(tx.scalar("select level from public.organisations where id = ?", team))
            .isEqualTo(1);
        assertThat(
                tx.count(
                    "select count(*) from public.organisation_closure where descendant_id = ?",
                    team))
            .isEqualTo(2);
      }
    }

    @Test
    void reparenting_underItsOwnDescendant_isRefusedAsACycle() throws SQLException {
      try (SuperuserTx tx = SuperuserTx.open(db)) {
        assertThat(
                tx.attempt(
                    "update public.organisations set parent_id = ? where id = ?",
                    ORG_OSLO,
                    ORG_REGION_OST))
            .isEqualTo(CHECK_VIOLATION);
        assertThat(
                tx.attempt(
                    "update public.organisations set parent_id = ? where id = ?",
                    ORG_OSLO,
                    ORG_OSLO))
            .isEqualTo(CHECK_VIOLATION);
      }
    }

    @Test
    void insert_belowLevelFour_isRefused() throws SQLException {
      try (SuperuserTx tx = SuperuserTx.open(db)) {
        UUID l3 = newOrg(tx, ORG_OSLO, "level 3");
        UUID l4 = newOrg(tx, l3, "level 4");
        assertThat(tx.scalar("select level from public.organisations where id = ?", l4))
            .isEqualTo(4);
        assertThat(
                tx.attempt(
                    "insert into public.organisations (parent_id, name) values (?, 'level 5')", l4))
            .isEqualTo(CHECK_VIOLATION);
      }
    }

    @Test
    void reparenting_thatWouldMakeTheTreeDeeperThanFiveLevels_isRefused() throws SQLException {
      try (SuperuserTx tx = SuperuserTx.open(db)) {
        UUID l3 = newOrg(tx, ORG_OSLO, "level 3");
        newOrg(tx, l3, "level 4");
        // Region Øst's subtree is 3 levels high (Øst, Oslo, l3, l4); under Bergen (level 2) it
        // would reach level 5
        assertThat(
                tx.attempt(
                    "update public.organisations set parent_id = ? where id = ?",
                    ORG_BERGEN,
                    ORG_REGION_OST))
            .isEqualTo(CHECK_VIOLATION);
      }
    }

    @Test
    void level_cannotBeSetDirectly() throws SQLException {
      try (SuperuserTx tx = SuperuserTx.open(db)) {
        assertThat(tx.attempt("update public.organisations set level = 3 where id = ?", ORG_OSLO))
            .isEqualTo(CHECK_VIOLATION);
        assertThat(
                tx.attempt(
                    "update public.organisations set name = 'Oslo og omegn' where id = ?",
                    ORG_OSLO))
            .isNull();
      }
    }

    @Test
    void delete_ofAnOrganisationWithChildren_isRestricted() throws SQLException {
      try (SuperuserTx tx = SuperuserTx.open(db)) {
        assertThat(tx.attempt("delete from public.organisations where id = ?", ORG_REGION_VEST))
            .isEqualTo(FK_VIOLATION);
      }
    }
  }

  @Nested
  class ProxyActivities {

    @Test
    void insert_resolvesActivityTypeFromTheCodeOfAnAncestor_andWritesAnAuditRow()
        throws SQLException {
      try (SuperuserTx tx = SuperuserTx.open(db)) {
        long auditBefore = tx.count("select count(*) from public.proxy_audit_log");
        UUID id =
            (UUID)
                tx.scalar(
                    "insert into public.proxy_activities (coordinator_id, attributed_mentor_id, org_id,"
                        + " activity_type, date, duration_minutes) values (?, ?, ?, 'kurs', date '2026-05-05', 30) returning id",
                    COORD_OSLO,
                    MENTOR_OSLO,
                    ORG_OSLO);
        assertThat(
                tx.scalar("select activity_type_id from public.proxy_activities where id = ?", id))
            .isEqualTo(TYPE_KURS);
        assertThat(tx.scalar("select activity_month from public.proxy_activities where id = ?", id))
            .isEqualTo(java.sql.Date.valueOf(LocalDate.of(2026, 5, 1)));
        assertThat(tx.count("select count(*) from public.proxy_audit_log"))
            .isEqualTo(auditBefore + 1);
        Map<String, Object> audit =
            tx.query("select * from public.proxy_audit_log where proxy_activity_id = ?", id).get(0);
        assertThat(audit)
            .containsEntry("action", "insert")
            .containsEntry("org_id", ORG_OSLO)
            .containsEntry("coordinator_id", COORD_OSLO)
            .containsEntry("attributed_mentor_id", MENTOR_OSLO);
      }
    }

    @Test
    void insert_asCoordinator_isAuditedWithTheCallerAsActor() throws SQLException {
      try (PgSession s = PgSession.user(db, COORD_OSLO)) {
        UUID id =
            (UUID)
                s.scalar(
                    "insert into public.proxy_activities (coordinator_id, attributed_mentor_id, org_id,"
                        + " activity_type, date, duration_minutes) values (?, ?, ?, 'samtale', date '2026-06-01', 45) returning id",
                    COORD_OSLO,
                    MENTOR_MULTI,
                    ORG_OSLO);
        Map<String, Object> audit =
            s.query(
                    "select actor_id, actor_role, action from public.proxy_audit_log where proxy_activity_id = ?",
                    id)
                .get(0);
        assertThat(audit)
            .containsEntry("actor_id", COORD_OSLO)
            .containsEntry("actor_role", "authenticated")
            .containsEntry("action", "insert");
      }
    }

    @Test
    void coordinatorAsAttributedMentor_isRefusedByCheck() throws SQLException {
      try (SuperuserTx tx = SuperuserTx.open(db)) {
        // make coord.oslo also a peer mentor, so only the CHECK can refuse it
        tx.update(
            "insert into public.org_memberships (user_id, org_id, role) values (?, ?, 'peer_mentor')",
            COORD_OSLO,
            ORG_OSLO);
        assertThat(insertProxy(tx, COORD_OSLO, COORD_OSLO, ORG_OSLO, "samtale", 30))
            .isEqualTo(CHECK_VIOLATION);
        assertThat(
                tx.attempt(
                    "select 1 from pg_constraint where conname = 'proxy_activities_coordinator_not_mentor_check'"))
            .isNull();
      }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -5})
    void nonPositiveDuration_isRefused(int minutes) throws SQLException {
      try (SuperuserTx tx = SuperuserTx.open(db)) {
        assertThat(insertProxy(tx, COORD_OSLO, MENTOR_OSLO, ORG_OSLO, "samtale", minutes))
            .isEqualTo(CHECK_VIOLATION);
      }
    }

    @Test
    void missingDurationOrDate_isRefused() throws SQLException {
      try (SuperuserTx tx = SuperuserTx.open(db)) {
        assertThat(
                tx.attempt(
                    "insert into public.proxy_activities (coordinator_id, attributed_mentor_id, org_id,"
                        + " activity_type, date) values (?, ?, ?, 'samtale', date '2026-05-05')",
                    COORD_OSLO,
                    MENTOR_OSLO,
                    ORG_OSLO))
            .isEqualTo(NOT_NULL_VIOLATION);
        assertThat(
                tx.attempt(
                    "insert into public.proxy_activities (coordinator_id, attributed_mentor_id, org_id,"
                        + " activity_type, duration_minutes) values (?, ?, ?, 'samtale', 10)",
                    COORD_OSLO,
                    MENTOR_OSLO,
                    ORG_OSLO))
            .isEqualTo(NOT_NULL_VIOLATION);
      }
    }

    @Test
    void mentorOfAnotherOrganisation_isRefused() throws SQLException {
      try (SuperuserTx tx = SuperuserTx.open(db)) {
        assertThat(insertProxy(tx, COORD_OSLO, MENTOR_TRONDHEIM, ORG_OSLO, "samtale", 30))
            .isEqualTo(CHECK_VIOLATION);
        // same organisation tree but another chapter
        assertThat(insertProxy(tx, COORD_OSLO, MENTOR_BERGEN, ORG_OSLO, "samtale", 30))
            .isEqualTo(CHECK_VIOLATION);
        // the multi-chapter mentor is valid in both of its chapters
        assertThat(insertProxy(tx, COORD_BAERUM, MENTOR_MULTI, ORG_BAERUM, "samtale", 30)).isNull();
      }
    }

    @Test
    void coordinatorWithoutTheCoordinatorRoleInTheOrg_isRefused() throws SQLException {
      try (SuperuserTx tx = SuperuserTx.open(db)) {
        assertThat(insertProxy(tx, COORD_BAERUM, MENTOR_OSLO, ORG_OSLO, "samtale", 30))
            .isEqualTo(CHECK_VIOLATION);
        assertThat(insertProxy(tx, MENTOR_MULTI, MENTOR_OSLO, ORG_OSLO, "samtale", 30))
            .isEqualTo(CHECK_VIOLATION);
      }
    }

    @Test
    void activityTypeOfAnotherOrganisationOrUnknown_isRefused() throws SQLException {
      try (SuperuserTx tx = SuperuserTx.open(db)) {
        assertThat(insertProxy(tx, COORD_OSLO, MENTOR_OSLO, ORG_OSLO, "fotball", 30))
            .isEqualTo(CHECK_VIOLATION);
        assertThat(
                tx.attempt(
                    "insert into public.proxy_activities (coordinator_id, attributed_mentor_id, org_id,"
                        + " activity_type, date, duration_minutes) values (?, ?, ?, 'kurs', date '2026-05-05', 30)",
                    COORD_TRONDHEIM,
                    MENTOR_TRONDHEIM,
                    ORG_TRONDHEIM))
            .isNull();
        assertThat(
                tx.scalar(
                    "select activity_type_id from public.proxy_activities where org_id = ? and activity_type = 'kurs'",
                    ORG_TRONDHEIM))
            .isEqualTo(TYPE_BLIND_KURS);
      }
    }

    @Test
    void deletingAnAuthUserWithProxyAttributions_isRestricted() throws SQLException {
      try (SuperuserTx tx = SuperuserTx.open(db)) {
        UUID mentor = newPerson(tx, ORG_OSLO, "peer_mentor");
        assertThat(insertProxy(tx, COORD_OSLO, mentor, ORG_OSLO, "samtale", 30)).isNull();
        assertThat(tx.attempt("delete from auth.users where id = ?", mentor))
            .isEqualTo(FK_VIOLATION);
        assertThat(tx.attempt("delete from auth.users where id = ?", COORD_OSLO))
            .isEqualTo(FK_VIOLATION);
      }
    }

    @Test
    void deletingTheTemplate_setsTemplateIdToNull_andKeepsTheActivity() throws SQLException {
      try (SuperuserTx tx = SuperuserTx.open(db)) {
        long withTemplate =
            tx.count(
                "select count(*) from public.proxy_activities where template_id = ?",
                TEMPLATE_OSLO);
        assertThat(withTemplate).isEqualTo(12);
        long total = tx.count("select count(*) from public.proxy_activities");
        tx.update("delete from public.recurring_activity_templates where id = ?", TEMPLATE_OSLO);
        assertThat(
                tx.count(
                    "select count(*) from public.proxy_activities where template_id = ?",
                    TEMPLATE_OSLO))
            .isZero();
        assertThat(tx.count("select count(*) from public.proxy_activities")).isEqualTo(total);
        assertThat(
                tx.count(
                    "select count(*) from public.proxy_activities where org_id = ? and attributed_mentor_id = ?"
                        + " and is_recurring and template_id is null",
                    ORG_OSLO,
                    MENTOR_OSLO))
            .isEqualTo(12);
      }
    }

    @Test
    void templateOfAnotherOrganisation_isRefused() throws SQLException {
      try (SuperuserTx tx = SuperuserTx.open(db)) {
        assertThat(
                tx.attempt(
                    "insert into public.proxy_activities (coordinator_id, attributed_mentor_id, org_id,"
                        + " activity_type, date, duration_minutes, template_id) values (?, ?, ?, 'samtale', date '2026-05-05', 30, ?)",
                    COORD_OSLO,
                    MENTOR_OSLO,
                    ORG_OSLO,
                    TEMPLATE_TRONDHEIM))
            .isEqualTo(CHECK_VIOLATION);
      }
    }

    @Test
    void update_setsUpdatedAt() throws SQLException {
      try (SuperuserTx tx = SuperuserTx.open(db)) {
        UUID id =
            (UUID)
                tx.scalar(
                    "select id from public.proxy_activities where org_id = ? limit 1", ORG_OSLO);
        assertThat(
                tx.scalar(
                    "select updated_at < now() from public.proxy_activities where id = ?", id))
            .isEqualTo(true);
        tx.update("update public.proxy_activities set notes = 'endret' where id = ?", id);
        assertThat(
                tx.scalar(
                    "select updated_at = now() from public.proxy_activities where id = ?", id))
            .isEqualTo(true);
      }
    }
  }

  @Nested
  class ProxyAuditLog {

    private UUID anyAuditId(SuperuserTx tx) throws SQLException {
      return (UUID) tx.scalar("select id from public.proxy_audit_log limit 1");
    }

    @Test
    void updateDeleteAndTruncate_areRefused_evenForTheSuperuserAndTableOwner() throws SQLException {
      try (SuperuserTx tx = SuperuserTx.open(db)) {
        UUID id = anyAuditId(tx);
        assertThat(
                tx.attempt("update public.proxy_audit_log set action = 'delete' where id = ?", id))
            .isEqualTo(INSUFFICIENT_PRIVILEGE);
        assertThat(tx.attempt("delete from public.proxy_audit_log where id = ?", id))
            .isEqualTo(INSUFFICIENT_PRIVILEGE);
        assertThat(tx.attempt("truncate public.proxy_audit_log")).isEqualTo(INSUFFICIENT_PRIVILEGE);
        assertThat(tx.count("select count(*) from public.proxy_audit_log where id = ?", id))
            .isEqualTo(1);
      }
    }

    @Test
    void updateAndDelete_areRefusedForServiceRole_evenWhenPrivilegesAreGrantedBack()
        throws SQLException {
      UUID id;
      try (SuperuserTx tx = SuperuserTx.open(db)) {
        id = anyAuditId(tx);
      }
      try (PgSession s = PgSession.serviceRole(db)) {
        assertThat(
                s.attempt("update public.proxy_audit_log set action = 'delete' where id = ?", id)
                    .sqlState())
            .isEqualTo(INSUFFICIENT_PRIVILEGE);
        assertThat(s.attempt("delete from public.proxy_audit_log where id = ?", id).sqlState())
            .isEqualTo(INSUFFICIENT_PRIVILEGE);
      }
      // a later careless GRANT must not open it: the trigger still refuses
      try (SuperuserTx tx = SuperuserTx.open(db)) {
        tx.execute("grant update, delete on public.proxy_audit_log to service_role");
        tx.execute("set local role service_role");
        assertThat(
                tx.attempt("update public.proxy_audit_log set action = 'delete' where id = ?", id))
            .isEqualTo(INSUFFICIENT_PRIVILEGE);
        assertThat(tx.attempt("delete from public.proxy_audit_log where id = ?", id))
            .isEqualTo(INSUFFICIENT_PRIVILEGE);
      }
    }

    @Test
    void directInsert_byACoordinator_isRefused() throws SQLException {
      try (PgSession s = PgSession.user(db, COORD_OSLO)) {
        PgSession.Outcome o =
            s.attempt(
                "insert into public.proxy_audit_log (proxy_activity_id, org_id, action,"
                    + " coordinator_id, attributed_mentor_id, row_data) values (gen_random_uuid(), ?, 'insert', ?, ?, '{}')",
                ORG_OSLO,
                COORD_OSLO,
                MENTOR_OSLO);
        assertThat(o.sqlState()).isEqualTo(INSUFFICIENT_PRIVILEGE);
      }
    }

    @Test
    void everySeededProxyActivity_hasExactlyOneInsertAuditRow() throws SQLException {
      try (SuperuserTx tx = SuperuserTx.open(db)) {
        assertThat(
                tx.count(
                    "select count(*) from public.proxy_activities p where (select count(*) from"
                        + " public.proxy_audit_log a where a.proxy_activity_id = p.id and a.action = 'insert') <> 1"))
            .isZero();
      }
    }

    @Test
    void updateAndDeleteOfAProxyActivity_areAuditedToo_andTheAuditOutlivesTheRow()
        throws SQLException {
      try (SuperuserTx tx = SuperuserTx.open(db)) {
        UUID id =
            (UUID)
                tx.scalar(
                    "select id from public.proxy_activities where org_id = ? limit 1", ORG_BAERUM);
        tx.update("update public.proxy_activities set duration_minutes = 50 where id = ?", id);
        tx.update("delete from public.proxy_activities where id = ?", id);
        assertThat(
                tx.query(
                    "select action from public.proxy_audit_log where proxy_activity_id = ? order by changed_at, action",
                    id))
            .extracting(r -> r.get("action"))
            .containsExactlyInAnyOrder("insert", "update", "delete");
      }
    }
  }

  @Nested
  class Activities {

    private String insert(
        SuperuserTx tx,
        UUID org,
        UUID mentor,
        UUID coordinator,
        UUID type,
        Integer minutes,
        int sessions)
        throws SQLException {
      return tx.attempt(
          "insert into public.activities (org_id, peer_mentor_id, coordinator_id, activity_type_id,"
              + " activity_date, duration_minutes, session_count) values (?, ?, ?, ?, date '2026-07-31', ?, ?)",
          org,
          mentor,
          coordinator,
          type,
          minutes,
          sessions);
    }

    @Test
    void validActivity_withUnknownDuration_isAccepted_andGetsItsMonth() throws SQLException {
      try (SuperuserTx tx = SuperuserTx.open(db)) {
        assertThat(insert(tx, ORG_OSLO, MENTOR_OSLO, COORD_OSLO, TYPE_SAMTALE, null, 1)).isNull();
        assertThat(
                tx.scalar(
                    "select activity_month from public.activities where activity_date = date '2026-07-31'"
                        + " and duration_minutes is null and peer_mentor_id = ?",
                    MENTOR_OSLO))
            .isEqualTo(java.sql.Date.valueOf(LocalDate.of(2026, 7, 1)));
      }
    }

    @Test
    void zeroSessionsOrNonPositiveDuration_isRefused() throws SQLException {
      try (SuperuserTx tx = SuperuserTx.open(db)) {
        assertThat(insert(tx, ORG_OSLO, MENTOR_OSLO, null, TYPE_SAMTALE, 30, 0))
            .isEqualTo(CHECK_VIOLATION);
        assertThat(insert(tx, ORG_OSLO, MENTOR_OSLO, null, TYPE_SAMTALE, 0, 1))
            .isEqualTo(CHECK_VIOLATION);
      }
    }

    @Test
    void attributionOutsideTheOrganisation_isRefused() throws SQLException {
      try (SuperuserTx tx = SuperuserTx.open(db)) {
        assertThat(insert(tx, ORG_OSLO, MENTOR_TRONDHEIM, null, TYPE_SAMTALE, 30, 1))
            .isEqualTo(CHECK_VIOLATION);
        assertThat(insert(tx, ORG_OSLO, MENTOR_OSLO, COORD_BERGEN, TYPE_SAMTALE, 30, 1))
            .isEqualTo(CHECK_VIOLATION);
        assertThat(insert(tx, ORG_OSLO, MENTOR_OSLO, null, TYPE_BLIND_SAMTALE, 30, 1))
            .isEqualTo(CHECK_VIOLATION);
      }
    }

    @Test
    void deletingACoordinatorProfile_setsCoordinatorIdToNull() throws SQLException {
      try (SuperuserTx tx = SuperuserTx.open(db)) {
        UUID coordinator = newPerson(tx, ORG_BERGEN, "coordinator");
        assertThat(insert(tx, ORG_BERGEN, MENTOR_BERGEN, coordinator, TYPE_SAMTALE, 30, 1))
            .isNull();
        tx.update("delete from public.users where id = ?", coordinator);
        assertThat(
                tx.count(
                    "select count(*) from public.activities where coordinator_id = ?", coordinator))
            .isZero();
        assertThat(
                tx.count(
                    "select count(*) from public.activities where activity_date = date '2026-07-31'"
                        + " and peer_mentor_id = ? and coordinator_id is null",
                    MENTOR_BERGEN))
            .isEqualTo(1);
      }
    }

    @Test
    void deletingAMentorWithActivities_isRestricted() throws SQLException {
      try (SuperuserTx tx = SuperuserTx.open(db)) {
        assertThat(tx.attempt("delete from public.users where id = ?", MENTOR_BERGEN))
            .isEqualTo(FK_VIOLATION);
      }
    }
  }

  @Nested
  class Certifications {

    private String insertCert(SuperuserTx tx, String status, String history) throws SQLException {
      return tx.attempt(
          "insert into public.peer_mentor_certifications (peer_mentor_id, org_id, certification_type,"
              + " issued_at, expires_at, status, renewal_history) values (?, ?, 'kurs', now() - interval '1 day',"
              + " now() + interval '1 year', ?, ?::jsonb)",
          MENTOR_OSLO,
          ORG_OSLO,
          status,
          history);
    }

    @Test
    void defaults_areActiveAndAnEmptyHistory() throws SQLException {
      try (SuperuserTx tx = SuperuserTx.open(db)) {
        Map<String, Object> row =
            tx.query(
                    "insert into public.peer_mentor_certifications (peer_mentor_id, org_id,"
                        + " certification_type, issued_at) values (?, ?, 'kurs', now()) returning status, renewal_history::text as h,"
                        + " created_at is not null as c",
                    MENTOR_OSLO,
                    ORG_OSLO)
                .get(0);
        assertThat(row)
            .containsEntry("status", "active")
            .containsEntry("h", "[]")
            .containsEntry("c", true);
      }
    }

    @ParameterizedTest
    @ValueSource(strings = {"revoked", "ACTIVE", ""})
    void unknownStatus_isRefused(String status) throws SQLException {
      try (SuperuserTx tx = SuperuserTx.open(db)) {
        assertThat(insertCert(tx, status, "[]")).isEqualTo(CHECK_VIOLATION);
      }
    }

    @Test
    void validRenewalHistory_isAccepted() throws SQLException {
      try (SuperuserTx tx = SuperuserTx.open(db)) {
        assertThat(
                insertCert(
                    tx,
                    "active",
                    "[{\"renewed_at\": \"2026-01-01T10:00:00Z\", \"previous_expires_at\": null,"
                        + " \"renewed_by\": \"20000000-0000-4000-8000-000000000001\", \"notes\": null},"
                        + " {\"schema_version\": 1, \"renewed_at\": \"2026-02-01 10:00:00+00\","
                        + " \"previous_expires_at\": \"2026-03-01T10:00:00Z\", \"renewed_by\": null, \"notes\": \"ok\"}]"))
            .isNull();
      }
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "{}",
          "null",
          "[1]",
          "[{\"renewed_at\": \"2026-01-01T10:00:00Z\", \"previous_expires_at\": null, \"renewed_by\": null}]",
          "[{\"renewed_at\": \"2026-01-01T10:00:00Z\", \"previous_expires_at\": null, \"renewed_by\": null, \"notes\": null, \"extra\": 1}]",
          "[{\"renewed_at\": 20260101, \"previous_expires_at\": null, \"renewed_by\": null, \"notes\": null}]",
          "[{\"renewed_at\": \"yesterday\", \"previous_expires_at\": null, \"renewed_by\": null, \"notes\": null}]",
          "[{\"renewed_at\": \"2026-01-01T10:00:00Z\", \"previous_expires_at\": 5, \"renewed_by\": null, \"notes\": null}]",
          "[{\"renewed_at\": \"2026-01-01T10:00:00Z\", \"previous_expires_at\": null, \"renewed_by\": \"bob\", \"notes\": null}]",
          "[{\"renewed_at\": \"2026-01-01T10:00:00Z\", \"previous_expires_at\": null, \"renewed_by\": null, \"notes\": []}]",
          "[{\"schema_version\": \"1\", \"renewed_at\": \"2026-01-01T10:00:00Z\", \"previous_expires_at\": null, \"renewed_by\": null, \"notes\": null}]"
        })
    void malformedRenewalHistory_isRefused(String history) throws SQLException {
      try (SuperuserTx tx = SuperuserTx.open(db)) {
        String state = insertCert(tx, "active", history);
        assertThat(state).as(history).isIn(CHECK_VIOLATION, NOT_NULL_VIOLATION);
      }
    }

    @Test
    void renewalHistoryLongerThanTheHardLimit_isRefused() throws SQLException {
      try (SuperuserTx tx = SuperuserTx.open(db)) {
        String entry =
            "{\"renewed_at\": \"2026-01-01T10:00:00Z\", \"previous_expires_at\": null, \"renewed_by\": null, \"notes\": null}";
        assertThat(
                insertCert(
                    tx,
                    "active",
                    "[" + String.join(",", java.util.Collections.nCopies(500, entry)) + "]"))
            .isNull();
        assertThat(
                insertCert(
                    tx,
                    "active",
                    "[" + String.join(",", java.util.Collections.nCopies(501, entry)) + "]"))
            .isEqualTo(CHECK_VIOLATION);
      }
    }

    @Test
    void expiryBeforeIssue_isRefused() throws SQLException {
      try (SuperuserTx tx = SuperuserTx.open(db)) {
        assertThat(
                tx.attempt(
                    "insert into public.peer_mentor_certifications (peer_mentor_id, org_id, certification_type,"
                        + " issued_at, expires_at) values (?, ?, 'kurs', now(), now() - interval '1 day')",
                    MENTOR_OSLO,
                    ORG_OSLO))
            .isEqualTo(CHECK_VIOLATION);
      }
    }

    @Test
    void certificationInAnOrganisationWhereThePersonIsNoPeerMentor_isRefused() throws SQLException {
      try (SuperuserTx tx = SuperuserTx.open(db)) {
        assertThat(
                tx.attempt(
                    "insert into public.peer_mentor_certifications (peer_mentor_id, org_id, certification_type,"
                        + " issued_at) values (?, ?, 'kurs', now())",
                    MENTOR_OSLO,
                    ORG_TRONDHEIM))
            .isEqualTo(CHECK_VIOLATION);
      }
    }

    @Test
    void update_setsUpdatedAtToNow() throws SQLException {
      try (SuperuserTx tx = SuperuserTx.open(db)) {
        tx.execute("select 1");
        assertThat(
                tx.scalar(
                    "select updated_at < now() from public.peer_mentor_certifications where id = ?",
                    CERT_BERGEN_ACTIVE))
            .isEqualTo(true);
        tx.update(
            "update public.peer_mentor_certifications set certification_type = 'kurs2' where id = ?",
            CERT_BERGEN_ACTIVE);
        assertThat(
                tx.scalar(
                    "select updated_at = now() from public.peer_mentor_certifications where id = ?",
                    CERT_BERGEN_ACTIVE))
            .isEqualTo(true);
        // even an explicit value is overwritten
        tx.update(
            "update public.peer_mentor_certifications set updated_at = timestamptz '2000-01-01' where id = ?",
            CERT_BERGEN_ACTIVE);
        assertThat(
                tx.scalar(
                    "select updated_at = now() from public.peer_mentor_certifications where id = ?",
                    CERT_BERGEN_ACTIVE))
            .isEqualTo(true);
      }
    }

    @Test
    void deletingThePeerMentor_cascadesToCertifications() throws SQLException {
      try (SuperuserTx tx = SuperuserTx.open(db)) {
        UUID mentor = newPerson(tx, ORG_BERGEN, "peer_mentor");
        tx.update(
            "insert into public.peer_mentor_certifications (peer_mentor_id, org_id, certification_type, issued_at)"
                + " values (?, ?, 'kurs', now())",
            mentor,
            ORG_BERGEN);
        tx.update("delete from auth.users where id = ?", mentor);
        assertThat(
                tx.count(
                    "select count(*) from public.peer_mentor_certifications where peer_mentor_id = ?",
                    mentor))
            .isZero();
      }
    }

    @Test
    void renewalHistory_documentsItsSizeLimitInAComment() throws SQLException {
      try (SuperuserTx tx = SuperuserTx.open(db)) {
        assertThat(
                (String)
                    tx.scalar(
                        "select col_description('public.peer_mentor_certifications'::regclass,"
                            + " (select attnum from pg_attribute where attrelid = 'public.peer_mentor_certifications'::regclass"
                            + " and attname = 'renewal_history'))"))
            .contains("50 entries");
      }
    }
  }

  @Nested
  class OtherTables {

    @Test
    void userStatusAndMembershipRole_areChecked() throws SQLException {
      try (SuperuserTx tx = SuperuserTx.open(db)) {
        assertThat(tx.attempt("update public.users set status = 'gone' where id = ?", MENTOR_OSLO))
            .isEqualTo(CHECK_VIOLATION);
        assertThat(
                tx.attempt(
                    "insert into public.org_memberships (user_id, org_id, role) values (?, ?, 'king')",
                    MENTOR_OSLO,
                    ORG_BERGEN))
            .isEqualTo(CHECK_VIOLATION);
        assertThat(
                tx.attempt(
                    "insert into public.org_memberships (user_id, org_id, role) values (?, ?, 'peer_mentor')",
                    MENTOR_OSLO,
                    ORG_OSLO))
            .isEqualTo("23505");
      }
    }

    @Test
    void deletingAnAuthUser_cascadesToProfileAndMemberships() throws SQLException {
      try (SuperuserTx tx = SuperuserTx.open(db)) {
        UUID p = newPerson(tx, ORG_BERGEN, "peer_mentor");
        tx.update("delete from auth.users where id = ?", p);
        assertThat(tx.count("select count(*) from public.users where id = ?", p)).isZero();
        assertThat(tx.count("select count(*) from public.org_memberships where user_id = ?", p))
            .isZero();
      }
    }

    @Test
    void reimbursementStatusAmountAndDecision_areChecked() throws SQLException {
      try (SuperuserTx tx = SuperuserTx.open(db)) {
        String sql =
            "insert into public.reimbursements (org_id, user_id, amount, status, decided_at)"
                + " values (?, ?, ?, ?, ?::timestamptz)";
        assertThat(
                tx.attempt(
                    sql, ORG_OSLO, MENTOR_OSLO, new java.math.BigDecimal("10.00"), "pending", null))
            .isNull();
        assertThat(
                tx.attempt(
                    sql, ORG_OSLO, MENTOR_OSLO, new java.math.BigDecimal("10.00"), "lost", null))
            .isEqualTo(CHECK_VIOLATION);
        assertThat(
                tx.attempt(
                    sql, ORG_OSLO, MENTOR_OSLO, new java.math.BigDecimal("0.00"), "pending", null))
            .isEqualTo(CHECK_VIOLATION);
        assertThat(
                tx.attempt(
                    sql,
                    ORG_OSLO,
                    MENTOR_OSLO,
                    new java.math.BigDecimal("10.00"),
                    "approved",
                    null))
            .isEqualTo(CHECK_VIOLATION);
        assertThat(
                tx.attempt(
                    sql,
                    ORG_OSLO,
                    MENTOR_OSLO,
                    new java.math.BigDecimal("10.00"),
                    "pending",
                    "2026-01-01"))
            .isEqualTo(CHECK_VIOLATION);
      }
    }

    @Test
    void seed_hasReimbursementsInEveryStatus_inBothOrganisations() throws SQLException {
      try (SuperuserTx tx = SuperuserTx.open(db)) {
        assertThat(
                tx.count(
                    "select count(distinct status) from public.reimbursements where org_id in"
                        + " (select descendant_id from public.organisation_closure where ancestor_id = ?)",
                    ORG_NATIONAL))
            .isEqualTo(4);
        assertThat(
                tx.count(
                    "select count(distinct status) from public.reimbursements where org_id in"
                        + " (select descendant_id from public.organisation_closure where ancestor_id = ?)",
                    ORG_BLIND))
            .isEqualTo(4);
      }
    }

    @Test
    void seed_hasActiveExpiringAndExpiredCertifications() throws SQLException {
      try (SuperuserTx tx = SuperuserTx.open(db)) {
        assertThat(
                tx.count(
                    "select count(*) from public.peer_mentor_certifications where status = 'active'"
                        + " and expires_at > now() + interval '30 days'"))
            .isPositive();
        assertThat(
                tx.count(
                    "select count(*) from public.peer_mentor_certifications where status = 'active'"
                        + " and expires_at between now() and now() + interval '30 days'"))
            .isPositive();
        assertThat(
                tx.count(
                    "select count(*) from public.peer_mentor_certifications where status = 'expired'"
                        + " and expires_at < now()"))
            .isPositive();
      }
    }
  }
}
