package no.likeperson.supabase;

import static no.likeperson.supabase.SeedData.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The product rules of docs/database.md ("Product rules"), each attacked the way a client with a
 * valid token would through PostgREST ({@link PgSession}: SET LOCAL ROLE + request.jwt.claims), and
 * each shown not to stop the legitimate use next to it. Every session is rolled back. Rule 7 (tree
 * changes under every isolation level) is in {@link OrganisationTreeConcurrencyTest}.
 */
class ProductRulesTest {

  private static final String INSUFFICIENT_PRIVILEGE = "42501";
  private static final String CHECK_VIOLATION = "23514";
  private static final String INVALID_PARAMETER = "22023";

  private static LocalDatabase db;

  @BeforeAll
  static void start() {
    db = SharedDatabase.seeded();
  }

  private static Timestamp inDays(long days) {
    return Timestamp.from(Instant.now().plus(days, ChronoUnit.DAYS));
  }

  /** Runs a setup or clean-up statement as superuser and commits it. */
  private static void committed(String sql, Object... params) throws SQLException {
    try (SuperuserTx tx = SuperuserTx.open(db)) {
      tx.update(sql, params);
      tx.commit();
    }
  }

  private static void assertRefused(PgSession.Outcome out, String sqlState) {
    assertThat(out.sqlState()).as(out.toString()).isEqualTo(sqlState);
  }

  private static void assertWrote(PgSession.Outcome out) {
    assertThat(out.failed()).as(out.toString()).isFalse();
    assertThat(out.rows()).as(out.toString()).isPositive();
  }

  /** Rule 1: nobody decides their own reimbursement claim. */
  @Nested
  class SeparationOfDuties {

    private static final String APPROVE =
        "update public.reimbursements set status = 'approved', decided_at = now(),"
            + " decided_by = ? where id = ?";

    @Test
    void selfDecision_isRefusedByTheConstraint_forServiceRoleAndSuperuserToo() throws SQLException {
      try (PgSession s = PgSession.serviceRole(db)) {
        UUID coordinatorsClaim =
            (UUID)
                s.scalar(
                    "insert into public.reimbursements (org_id, user_id, amount)"
                        + " values (?, ?, 42.00) returning id",
                    ORG_OSLO,
                    COORD_OSLO);
        PgSession.Outcome out = s.attempt(APPROVE, COORD_OSLO, coordinatorsClaim);
        assertRefused(out, CHECK_VIOLATION);
        assertThat(out.message()).contains("reimbursements_decider_not_claimant_check");
      }
      try (SuperuserTx tx = SuperuserTx.open(db)) {
        assertThat(
                tx.attempt(
                    "insert into public.reimbursements (org_id, user_id, amount, status, decided_by,"
                        + " decided_at) values (?, ?, 10.00, 'approved', ?, now())",
                    ORG_OSLO,
                    COORD_OSLO,
                    COORD_OSLO))
            .isEqualTo(CHECK_VIOLATION);
      }
    }

    @Test
    void coordinatorWhoIsAlsoTheClaimant_cannotDecideTheClaim_underAnyDeciderName()
        throws SQLException {
      try (PgSession s = PgSession.user(db, COORD_OSLO)) {
        UUID own =
            (UUID)
                s.scalar(
                    "insert into public.reimbursements (org_id, user_id, amount) values (?, ?, 42.00)"
                        + " returning id",
                    ORG_OSLO,
                    COORD_OSLO);
        PgSession.Outcome self = s.attempt(APPROVE, COORD_OSLO, own);
        assertRefused(self, CHECK_VIOLATION);
        assertThat(self.message()).contains("nobody decides their own reimbursement claim");
        assertRefused(s.attempt(APPROVE, ADMIN_OST, own), CHECK_VIOLATION);
        assertRefused(
            s.attempt(
                "update public.reimbursements set status = 'rejected', decided_at = now()"
                    + " where id = ?",
                own),
            CHECK_VIOLATION);
        assertRefused(
            s.attempt(
                "insert into public.reimbursements (org_id, user_id, amount, status, decided_by,"
                    + " decided_at) values (?, ?, 10.00, 'approved', ?, now())",
                ORG_OSLO,
                COORD_OSLO,
                ADMIN_OST),
            CHECK_VIOLATION);
        // a decided claim of someone else cannot be taken over either
        s.update(APPROVE, COORD_OSLO, REIMBURSEMENT_OSLO_PENDING);
        assertRefused(
            s.attempt(
                "update public.reimbursements set user_id = ?, decided_by = ? where id = ?",
                COORD_OSLO,
                ADMIN_OST,
                REIMBURSEMENT_OSLO_PENDING),
            CHECK_VIOLATION);
        // the legitimate use: the coordinator decides other people's claims
        assertThat(
                (String)
                    s.scalar(
                        "select status from public.reimbursements where id = ?",
                        REIMBURSEMENT_OSLO_PENDING))
            .isEqualTo("approved");
        assertThat((String) s.scalar("select status from public.reimbursements where id = ?", own))
            .isEqualTo("pending");
      }
    }

    @Test
    void anAdminAbove_decidesTheCoordinatorsClaim() throws SQLException {
      UUID claim = UUID.randomUUID();
      committed(
          "insert into public.reimbursements (id, org_id, user_id, amount) values (?, ?, ?, 42.00)",
          claim,
          ORG_OSLO,
          COORD_OSLO);
      try (PgSession s = PgSession.user(db, ADMIN_OST)) {
        assertThat(s.attempt(APPROVE, ADMIN_OST, claim).rows()).isEqualTo(1);
      } finally {
        committed("delete from public.reimbursements where id = ?", claim);
      }
    }
  }

  /** Rule 2: suspended and inactive people read their own rows and write nothing. */
  @Nested
  class InactivePeople {

    /**
     * Writes each actor may make while active: every one is refused once the account is not active.
     */
    static Stream<Arguments> writes() {
      String renew = "select * from public.renew_certification(?, ?, 'renewal')";
      return Stream.of(
          Arguments.of(
              MENTOR_OSLO,
              "activity insert",
              "insert into public.activities (org_id, peer_mentor_id,"
                  + " activity_type_id, activity_date) values (?, ?, ?, date '2026-03-01')",
              List.of(ORG_OSLO, MENTOR_OSLO, TYPE_SAMTALE)),
          Arguments.of(
              MENTOR_OSLO,
              "own activity update",
              "update public.activities set duration_minutes = 45" + " where peer_mentor_id = ?",
              List.of(MENTOR_OSLO)),
          Arguments.of(
              MENTOR_OSLO,
              "own activity delete",
              "delete from public.activities where peer_mentor_id = ?",
              List.of(MENTOR_OSLO)),
          Arguments.of(
              MENTOR_OSLO,
              "own claim",
              "insert into public.reimbursements (org_id, user_id, amount)"
                  + " values (?, ?, 10.00)",
              List.of(ORG_OSLO, MENTOR_OSLO)),
          Arguments.of(
              MENTOR_OSLO,
              "own pending claim delete",
              "delete from public.reimbursements where user_id = ?" + " and status = 'pending'",
              List.of(MENTOR_OSLO)),
          Arguments.of(
              MENTOR_OSLO,
              "own name",
              "update public.users set full_name = 'Ny Navn' where id = ?",
              List.of(MENTOR_OSLO)),
          Arguments.of(
              COORD_OSLO,
              "proxy activity",
              "insert into public.proxy_activities (coordinator_id,"
                  + " attributed_mentor_id, org_id, activity_type, date, duration_minutes)"
                  + " values (?, ?, ?, 'samtale', date '2026-03-01', 30)",
              List.of(COORD_OSLO, MENTOR_OSLO, ORG_OSLO)),
          Arguments.of(
              COORD_OSLO,
              "own proxy update",
              "update public.proxy_activities set duration_minutes = 40"
                  + " where coordinator_id = ?",
              List.of(COORD_OSLO)),
          Arguments.of(
              COORD_OSLO,
              "own proxy delete",
              "delete from public.proxy_activities where coordinator_id = ?",
              List.of(COORD_OSLO)),
          Arguments.of(
              COORD_OSLO,
              "activity for a mentor",
              "insert into public.activities (org_id, peer_mentor_id,"
                  + " coordinator_id, activity_type_id, activity_date) values (?, ?, ?, ?, date '2026-03-01')",
              List.of(ORG_OSLO, MENTOR_OSLO, COORD_OSLO, TYPE_SAMTALE)),
          Arguments.of(
              COORD_OSLO,
              "claim decision",
              "update public.reimbursements set status = 'approved',"
                  + " decided_at = now(), decided_by = ? where id = ?",
              List.of(COORD_OSLO, REIMBURSEMENT_OSLO_PENDING)),
          Arguments.of(
              COORD_OSLO,
              "certification insert",
              "insert into public.peer_mentor_certifications"
                  + " (peer_mentor_id, org_id, certification_type, issued_at) values (?, ?, 'grunnkurs', now())",
              List.of(MENTOR_OSLO, ORG_OSLO)),
          Arguments.of(
              COORD_OSLO,
              "certification update",
              "update public.peer_mentor_certifications" + " set status = 'expired' where id = ?",
              List.of(CERT_OSLO_ACTIVE)),
          Arguments.of(
              COORD_OSLO,
              "certification renewal (RPC)",
              renew,
              List.of(CERT_OSLO_ACTIVE, inDays(400))),
          Arguments.of(
              COORD_OSLO,
              "template",
              "insert into public.recurring_activity_templates (org_id,"
                  + " coordinator_id, activity_type, title, duration_minutes, recurrence_rule)"
                  + " values (?, ?, 'samtale', 'x', 30, 'FREQ=WEEKLY')",
              List.of(ORG_OSLO, COORD_OSLO)),
          Arguments.of(
              ADMIN_OST,
              "chapter",
              "insert into public.organisations (parent_id, name) values (?, 'Ny')",
              List.of(ORG_REGION_OST)),
          Arguments.of(
              ADMIN_OST,
              "rename",
              "update public.organisations set name = 'Oslo ny' where id = ?",
              List.of(ORG_OSLO)),
          Arguments.of(
              ADMIN_OST,
              "membership",
              "insert into public.org_memberships (user_id, org_id, role)"
                  + " values (?, ?, 'peer_mentor')",
              List.of(MENTOR_BAERUM, ORG_OSLO)),
          Arguments.of(
              ADMIN_OST,
              "activity type",
              "insert into public.activity_types (org_id, code, name)"
                  + " values (?, 'ny_type', 'Ny')",
              List.of(ORG_REGION_OST)),
          Arguments.of(
              ADMIN_OST,
              "certification delete",
              "delete from public.peer_mentor_certifications" + " where id = ?",
              List.of(CERT_OSLO_ACTIVE)),
          Arguments.of(
              ADMIN_OST,
              "claim decision",
              "update public.reimbursements set status = 'rejected',"
                  + " decided_at = now(), decided_by = ? where id = ?",
              List.of(ADMIN_OST, REIMBURSEMENT_OSLO_PENDING)),
          Arguments.of(
              ADMIN_OST,
              "a person's name",
              "update public.users set full_name = 'Ny' where id = ?",
              List.of(MENTOR_OSLO)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("writes")
    void everyWritePath_isOpenWhileActive_andRefusedWhenSuspendedOrInactive(
        UUID actor, String what, String sql, List<Object> params) throws SQLException {
      try (PgSession s = PgSession.user(db, actor)) {
        assertWrote(s.attempt(sql, params.toArray()));
      }
      for (String status : List.of("suspended", "inactive")) {
        try (PgSession s = PgSession.userWithStatus(db, actor, status)) {
          PgSession.Outcome out = s.attempt(sql, params.toArray());
          assertRefused(out, INSUFFICIENT_PRIVILEGE);
          assertThat(out.message()).as(what).contains("the account is " + status);
        }
      }
    }

    @Test
    void aSuspendedMentor_stillReadsOwnRows_andNothingElse() throws SQLException {
      long ownActivities;
      long ownCertifications;
      long ownClaims;
      try (SuperuserTx tx = SuperuserTx.open(db)) {
        ownActivities =
            tx.count(
                "select count(*) from public.activities where peer_mentor_id = ?", MENTOR_OSLO);
        ownCertifications =
            tx.count(
                "select count(*) from public.peer_mentor_certifications where peer_mentor_id = ?",
                MENTOR_OSLO);
        ownClaims =
            tx.count("select count(*) from public.reimbursements where user_id = ?", MENTOR_OSLO);
      }
      assertThat(ownActivities).isPositive();
      try (PgSession s = PgSession.userWithStatus(db, MENTOR_OSLO, "suspended")) {
        assertThat(s.count("select count(*) from public.activities")).isEqualTo(ownActivities);
        assertThat(s.count("select count(*) from public.peer_mentor_certifications"))
            .isEqualTo(ownCertifications);
        assertThat(s.count("select count(*) from public.reimbursements")).isEqualTo(ownClaims);
        assertThat(s.count("select count(*) from public.users")).isEqualTo(1);
        assertThat(s.count("select count(*) from public.organisations")).isZero();
      }
    }

    @Test
    void anInactiveCoordinator_seesOnlyOwnRows_notTheChaptersData() throws SQLException {
      try (PgSession s = PgSession.userWithStatus(db, COORD_OSLO, "inactive")) {
        assertThat(
                s.count(
                    "select count(*) from public.activities where peer_mentor_id <> ?", COORD_OSLO))
            .isZero();
        assertThat(
                s.count(
                    "select count(*) from public.reimbursements where user_id <> ?", COORD_OSLO))
            .isZero();
        assertThat(s.count("select count(*) from public.users where id <> ?", COORD_OSLO)).isZero();
      }
      try (PgSession s = PgSession.user(db, COORD_OSLO)) {
        assertThat(
                s.count(
                    "select count(*) from public.activities where peer_mentor_id <> ?", COORD_OSLO))
            .as("control: while active")
            .isPositive();
      }
    }
  }

  /** Rule 3: an org admin adds memberships only for people of the same national organisation. */
  @Nested
  class MembershipsAcrossOrganisations {

    private static final String ADD =
        "insert into public.org_memberships (user_id, org_id, role)"
            + " values (?, ?, 'peer_mentor')";

    /** {@code sql(person, ORG_OSLO)} by the actor: 42501 with the same message for both persons. */
    private void assertSameRefusal(UUID actor, String sql, UUID onePerson, UUID otherPerson)
        throws SQLException {
      try (PgSession s = PgSession.user(db, actor)) {
        PgSession.Outcome one = s.attempt(sql, onePerson, ORG_OSLO);
        PgSession.Outcome other = s.attempt(sql, otherPerson, ORG_OSLO);
        assertRefused(one, INSUFFICIENT_PRIVILEGE);
        assertRefused(other, INSUFFICIENT_PRIVILEGE);
        assertThat(one.message()).isEqualTo(other.message());
      }
    }

    @Test
    void anAdmin_cannotBringInAPersonOfAnotherOrganisation_andLearnsNotWhetherTheyExist()
        throws SQLException {
      assertSameRefusal(ADMIN_OST, ADD, MENTOR_TRONDHEIM, UUID.randomUUID());
      try (PgSession s = PgSession.user(db, ADMIN_OST)) {
        // moving an existing membership onto a stranger is the same act
        assertRefused(
            s.attempt(
                "update public.org_memberships set user_id = ? where user_id = ? and org_id = ?",
                MENTOR_TRONDHEIM,
                MENTOR_OSLO,
                ORG_OSLO),
            INSUFFICIENT_PRIVILEGE);
      }
    }

    @Test
    void anAdminCreatingAProfile_learnsNotWhetherTheAccountOrAProfileExists() throws SQLException {
      String create = "insert into public.users (id, org_id, full_name) values (?, ?, 'Ny Person')";
      // an existing profile (else 23505) and an unknown account (else 23503)
      assertSameRefusal(ADMIN_OST, create, MENTOR_TRONDHEIM, UUID.randomUUID());
    }

    @Test
    void aCoordinator_getsRlsRefusal_alikeForAStrangerAndAColleague() throws SQLException {
      assertSameRefusal(COORD_OSLO, ADD, MENTOR_TRONDHEIM, MENTOR_BAERUM);
    }

    @Test
    void anAdmin_addsAPersonOfTheSameNationalOrganisation_andServiceRoleInvitesAnyone()
        throws SQLException {
      try (PgSession s = PgSession.user(db, ADMIN_OST)) {
        // mentor.bergen belongs to region Vest of the same national organisation
        assertThat(s.attempt(ADD, MENTOR_BERGEN, ORG_OSLO).rows()).isEqualTo(1);
      }
      try (PgSession s = PgSession.serviceRole(db)) {
        assertThat(s.attempt(ADD, MENTOR_TRONDHEIM, ORG_OSLO).rows()).isEqualTo(1);
      }
    }

    @Test
    void anAdmin_addsAPersonWhoseProfileTheyJustCreatedInTheirSubtree() throws SQLException {
      UUID person = UUID.randomUUID();
      committed(
          "insert into auth.users (id, email) values (?, ?)", person, person + "@example.org");
      try (PgSession s = PgSession.user(db, ADMIN_OST)) {
        assertThat(s.attempt(ADD, person, ORG_OSLO).sqlState())
            .as("no profile yet: a stranger")
            .isEqualTo(INSUFFICIENT_PRIVILEGE);
        assertThat(
                s.attempt(
                        "insert into public.users (id, org_id, full_name) values (?, ?, 'Ny Person')",
                        person,
                        ORG_OSLO)
                    .rows())
            .isEqualTo(1);
        assertThat(s.attempt(ADD, person, ORG_OSLO).rows()).isEqualTo(1);
      } finally {
        committed("delete from auth.users where id = ?", person);
      }
    }
  }

  /** Rule 4: created_at and coordinator_id of a proxy activity are creation facts. */
  @Nested
  class ProxyCreationFacts {

    private UUID ownProxy(PgSession s) throws SQLException {
      return (UUID)
          s.scalar(
              "select id from public.proxy_activities where coordinator_id = ? order by id limit 1",
              COORD_OSLO);
    }

    @Test
    void theRegisteringCoordinator_cannotBackdateOrHandOverTheRecord() throws SQLException {
      try (PgSession s = PgSession.user(db, COORD_OSLO)) {
        UUID id = ownProxy(s);
        assertRefused(
            s.attempt(
                "update public.proxy_activities set created_at = created_at - interval '1 year'"
                    + " where id = ?",
                id),
            INSUFFICIENT_PRIVILEGE);
        assertRefused(
            s.attempt(
                "update public.proxy_activities set coordinator_id = ? where id = ?",
                COORD_BAERUM,
                id),
            INSUFFICIENT_PRIVILEGE);
        assertRefused(
            s.attempt(
                "insert into public.proxy_activities (coordinator_id, attributed_mentor_id, org_id,"
                    + " activity_type, date, duration_minutes, created_at) values (?, ?, ?, 'samtale', date '2026-03-01', 30,"
                    + " now() - interval '30 days')",
                COORD_OSLO,
                MENTOR_OSLO,
                ORG_OSLO),
            INSUFFICIENT_PRIVILEGE);
        // the legitimate use: register without created_at, correct the other columns
        assertThat(
                s.attempt(
                        "insert into public.proxy_activities (coordinator_id, attributed_mentor_id, org_id,"
                            + " activity_type, date, duration_minutes) values (?, ?, ?, 'samtale', date '2026-03-01', 30)",
                        COORD_OSLO,
                        MENTOR_OSLO,
                        ORG_OSLO)
                    .rows())
            .isEqualTo(1);
        assertThat(
                s.attempt(
                        "update public.proxy_activities set duration_minutes = 50, notes = 'rettet',"
                            + " created_at = created_at where id = ?",
                        id)
                    .rows())
            .isEqualTo(1);
      }
    }

    @Test
    void serviceRole_correctsThem_andTheAuditLogRecordsIt() throws SQLException {
      try (PgSession s = PgSession.serviceRole(db)) {
        UUID id = ownProxy(s);
        long before =
            s.count("select count(*) from public.proxy_audit_log where proxy_activity_id = ?", id);
        assertThat(
                s.attempt(
                        "update public.proxy_activities set created_at = timestamptz '2026-01-02 09:00+00'"
                            + " where id = ?",
                        id)
                    .rows())
            .isEqualTo(1);
        assertThat(
                s.count(
                    "select count(*) from public.proxy_audit_log where proxy_activity_id = ?"
                        + " and action = 'update' and actor_role = 'service_role'"
                        + " and (row_data ->> 'created_at')::timestamptz = timestamptz '2026-01-02 09:00+00'",
                    id))
            .isEqualTo(1);
        assertThat(
                s.count(
                    "select count(*) from public.proxy_audit_log where proxy_activity_id = ?", id))
            .isEqualTo(before + 1);
      }
    }
  }

  /** Rule 5: renewals are bounded; dates before 1900 or after 2200 are refused everywhere. */
  @Nested
  class CertificationBounds {

    private static final String RENEW = "select * from public.renew_certification(?, ?, 'fornyet')";

    @Test
    void aRenewalMoreThanFiveYearsAhead_isRefusedWith22023_andFourYearsIsAccepted()
        throws SQLException {
      try (PgSession s = PgSession.user(db, COORD_OSLO)) {
        PgSession.Outcome tooFar = s.attempt(RENEW, CERT_OSLO_ACTIVE, inDays(5 * 366 + 2));
        assertRefused(tooFar, INVALID_PARAMETER);
        assertThat(tooFar.message()).contains("at most 5 years after the renewal date");
        assertRefused(
            s.attempt(RENEW, CERT_OSLO_ACTIVE, Timestamp.valueOf("9999-01-01 00:00:00")),
            INVALID_PARAMETER);
        assertThat(s.attempt(RENEW, CERT_OSLO_ACTIVE, inDays(4 * 365)).rows()).isEqualTo(1);
      }
      try (PgSession s = PgSession.serviceRole(db)) {
        assertRefused(s.attempt(RENEW, CERT_OSLO_ACTIVE, inDays(6 * 365)), INVALID_PARAMETER);
      }
    }

    @Test
    void aRenewalWithoutAPreviousExpiry_mustEndAfterNow() throws SQLException {
      try (PgSession s = PgSession.user(db, COORD_OSLO)) {
        UUID open =
            (UUID)
                s.scalar(
                    "insert into public.peer_mentor_certifications (peer_mentor_id, org_id,"
                        + " certification_type, issued_at) values (?, ?, 'grunnkurs', now() - interval '2 years') returning id",
                    MENTOR_OSLO,
                    ORG_OSLO);
        PgSession.Outcome past = s.attempt(RENEW, open, inDays(-30));
        assertRefused(past, INVALID_PARAMETER);
        assertThat(past.message()).contains("after now when there is none");
        assertThat(s.attempt(RENEW, open, inDays(365)).rows()).isEqualTo(1);
      }
    }

    @Test
    void aClient_extendsOnlyByRenewal_butMayShorten() throws SQLException {
      try (PgSession s = PgSession.user(db, COORD_OSLO)) {
        assertRefused(
            s.attempt(
                "update public.peer_mentor_certifications set expires_at = expires_at + interval"
                    + " '1 year' where id = ?",
                CERT_OSLO_ACTIVE),
            INVALID_PARAMETER);
        assertRefused(
            s.attempt(
                "update public.peer_mentor_certifications set expires_at = null where id = ?",
                CERT_OSLO_ACTIVE),
            INVALID_PARAMETER);
        assertThat(
                s.attempt(
                        "update public.peer_mentor_certifications set expires_at = expires_at - interval"
                            + " '1 day' where id = ?",
                        CERT_OSLO_ACTIVE)
                    .rows())
            .isEqualTo(1);
      }
      try (PgSession s = PgSession.serviceRole(db)) {
        assertThat(
                s.attempt(
                        "update public.peer_mentor_certifications set expires_at = expires_at + interval"
                            + " '1 year' where id = ?",
                        CERT_OSLO_ACTIVE)
                    .rows())
            .as("a correction by the service")
            .isEqualTo(1);
      }
    }

    @Test
    void datesBefore1900OrAfter2200_areRefusedForEveryRole() throws SQLException {
      String insert =
          "insert into public.peer_mentor_certifications (peer_mentor_id, org_id, certification_type,"
              + " issued_at, expires_at) values (?, ?, 'grunnkurs', ?::timestamptz, ?::timestamptz)";
      try (PgSession s = PgSession.user(db, COORD_OSLO)) {
        assertRefused(
            s.attempt(insert, MENTOR_OSLO, ORG_OSLO, "1899-12-31 23:00+00", null), CHECK_VIOLATION);
        assertRefused(
            s.attempt(insert, MENTOR_OSLO, ORG_OSLO, "2026-01-01 00:00+00", "2201-01-01 00:00+00"),
            CHECK_VIOLATION);
        assertThat(
                s.attempt(
                        insert, MENTOR_OSLO, ORG_OSLO, "1900-01-01 00:00+00", "2200-12-31 00:00+00")
                    .rows())
            .isEqualTo(1);
      }
      try (PgSession s = PgSession.serviceRole(db)) {
        PgSession.Outcome far =
            s.attempt(
                "update public.peer_mentor_certifications set expires_at ="
                    + " timestamptz '9999-01-01 00:00+00' where id = ?",
                CERT_OSLO_ACTIVE);
        assertRefused(far, CHECK_VIOLATION);
        assertThat(far.message()).contains("peer_mentor_certifications_dates_range_check");
        assertRefused(
            s.attempt(
                "update public.peer_mentor_certifications set issued_at ="
                    + " timestamptz '0001-01-01 00:00+00' where id = ?",
                CERT_OSLO_ACTIVE),
            CHECK_VIOLATION);
      }
    }
  }

  /**
   * Rule 6: a peer mentor sets coordinator_id of their own activity only to a coordinator of the
   * chapter.
   */
  @Nested
  class DirectActivityCoordinator {

    private static final String SET =
        "update public.activities set coordinator_id = ?"
            + " where peer_mentor_id = ? and org_id = ?";

    @Test
    void aMentor_choosesACoordinatorOfTheSameChapter_only() throws SQLException {
      try (PgSession s = PgSession.user(db, MENTOR_OSLO)) {
        assertThat(s.attempt(SET, COORD_OSLO, MENTOR_OSLO, ORG_OSLO).rows()).isPositive();
        assertThat(
                s.attempt(
                        "update public.activities set coordinator_id = null where peer_mentor_id = ?"
                            + " and org_id = ?",
                        MENTOR_OSLO,
                        ORG_OSLO)
                    .rows())
            .isPositive();
        assertRefused(s.attempt(SET, COORD_BAERUM, MENTOR_OSLO, ORG_OSLO), CHECK_VIOLATION);
        assertRefused(s.attempt(SET, MENTOR_MULTI, MENTOR_OSLO, ORG_OSLO), CHECK_VIOLATION);
        assertRefused(s.attempt(SET, ADMIN_OST, MENTOR_OSLO, ORG_OSLO), CHECK_VIOLATION);
      }
    }
  }
}
