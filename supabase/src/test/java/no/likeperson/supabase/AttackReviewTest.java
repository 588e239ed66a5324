package no.likeperson.supabase;

import static no.likeperson.supabase.SeedData.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Attack review (docs/database-findings.md, "Attack review"): what an attacker holding a valid
 * token tries through PostgREST, acting exactly as PostgREST does ({@link PgSession}). Each test
 * states the attack; it passes when the database refuses it. The matrix in {@link RlsMatrixTest}
 * proves that nothing crosses an organisation boundary by RLS; these tests cover the holes a policy
 * on org_id alone does not see: foreign ids in other columns, column privileges, RPC arguments,
 * definer helpers.
 */
class AttackReviewTest {

  private static final String INSUFFICIENT_PRIVILEGE = "42501";
  private static final String CHECK_VIOLATION = "23514";

  private static LocalDatabase db;

  @BeforeAll
  static void start() {
    db = SharedDatabase.seeded();
  }

  private static void assertRefused(PgSession.Outcome out) {
    assertThat(out.failed() || out.rows() == 0).as(out.toString()).isTrue();
  }

  @Nested
  class ForeignIdsInOtherColumns {

    @Test
    void reimbursement_filedByCoordinatorForAPersonOfAnotherOrganisation_isRefused()
        throws SQLException {
      try (PgSession s = PgSession.user(db, COORD_OSLO)) {
        PgSession.Outcome out =
            s.attempt(
                "insert into public.reimbursements (org_id, user_id, amount, status)"
                    + " values (?, ?, 10.00, 'pending')",
                ORG_OSLO,
                MENTOR_TRONDHEIM);
        assertThat(out.sqlState()).as(out.toString()).isEqualTo(CHECK_VIOLATION);
      }
    }

    @Test
    void reimbursement_movedOntoAPersonOfAnotherOrganisation_isRefused() throws SQLException {
      try (PgSession s = PgSession.user(db, COORD_OSLO)) {
        PgSession.Outcome out =
            s.attempt(
                "update public.reimbursements set user_id = ? where id = ?",
                MENTOR_TRONDHEIM,
                REIMBURSEMENT_OSLO_PENDING);
        assertThat(out.sqlState()).as(out.toString()).isEqualTo(CHECK_VIOLATION);
      }
    }

    @Test
    void reimbursement_decidedByStaffOfAnotherOrganisation_isRefused() throws SQLException {
      try (PgSession s = PgSession.user(db, COORD_OSLO)) {
        PgSession.Outcome out =
            s.attempt(
                "update public.reimbursements set status = 'approved', decided_at = now(),"
                    + " decided_by = ? where id = ?",
                COORD_TRONDHEIM,
                REIMBURSEMENT_OSLO_PENDING);
        assertThat(out.sqlState()).as(out.toString()).isEqualTo(CHECK_VIOLATION);
        PgSession.Outcome bergen =
            s.attempt(
                "update public.reimbursements set status = 'approved', decided_at = now(),"
                    + " decided_by = ? where id = ?",
                COORD_BERGEN,
                REIMBURSEMENT_OSLO_PENDING);
        assertThat(bergen.sqlState())
            .as("coordinator of a sibling chapter: " + bergen)
            .isEqualTo(CHECK_VIOLATION);
      }
    }

    @Test
    void reimbursement_decidedByOwnCoordinatorOrAnAdminAbove_isAccepted() throws SQLException {
      try (PgSession s = PgSession.user(db, COORD_OSLO)) {
        assertThat(
                s.attempt(
                        "update public.reimbursements set status = 'approved', decided_at = now(),"
                            + " decided_by = ? where id = ?",
                        COORD_OSLO,
                        REIMBURSEMENT_OSLO_PENDING)
                    .rows())
            .isEqualTo(1);
        assertThat(
                s.attempt(
                        "update public.reimbursements set decided_by = ? where id = ?",
                        ADMIN_OST,
                        REIMBURSEMENT_OSLO_PENDING)
                    .rows())
            .isEqualTo(1);
      }
      try (PgSession s = PgSession.user(db, MENTOR_OSLO)) {
        assertThat(
                s.attempt(
                        "insert into public.reimbursements (org_id, user_id, amount) values (?, ?, 12.50)",
                        ORG_OSLO,
                        MENTOR_OSLO)
                    .rows())
            .isEqualTo(1);
      }
    }

    @Test
    void template_attributedToAMentorOrHandedToACoordinatorOfAnotherOrganisation_isRefused()
        throws SQLException {
      try (PgSession s = PgSession.user(db, COORD_OSLO)) {
        PgSession.Outcome insert =
            s.attempt(
                "insert into public.recurring_activity_templates (org_id, coordinator_id,"
                    + " attributed_mentor_id, activity_type, title, duration_minutes, recurrence_rule)"
                    + " values (?, ?, ?, 'samtale', 'x', 30, 'FREQ=WEEKLY')",
                ORG_OSLO,
                COORD_OSLO,
                MENTOR_TRONDHEIM);
        assertThat(insert.sqlState()).as(insert.toString()).isEqualTo(CHECK_VIOLATION);
        PgSession.Outcome sibling =
            s.attempt(
                "update public.recurring_activity_templates set attributed_mentor_id = ?"
                    + " where id = ?",
                MENTOR_BERGEN,
                TEMPLATE_OSLO);
        assertThat(sibling.sqlState()).as(sibling.toString()).isEqualTo(CHECK_VIOLATION);
        assertThat(
                s.attempt(
                        "update public.recurring_activity_templates set attributed_mentor_id = ? where id = ?",
                        MENTOR_MULTI,
                        TEMPLATE_OSLO)
                    .rows())
            .as("a mentor of the own chapter")
            .isEqualTo(1);
      }
      try (PgSession s = PgSession.user(db, ADMIN_OST)) {
        PgSession.Outcome handOver =
            s.attempt(
                "update public.recurring_activity_templates set coordinator_id = ?"
                    + " where id = ?",
                COORD_TRONDHEIM,
                TEMPLATE_OSLO);
        assertThat(handOver.sqlState()).as(handOver.toString()).isEqualTo(CHECK_VIOLATION);
      }
    }

    @Test
    void activity_movedToAnotherOrganisation_isRefused() throws SQLException {
      try (PgSession s = PgSession.user(db, COORD_OSLO)) {
        assertRefused(
            s.attempt(
                "update public.activities set org_id = ? where org_id = ?",
                ORG_TRONDHEIM,
                ORG_OSLO));
        assertRefused(
            s.attempt(
                "update public.activities set peer_mentor_id = ? where org_id = ?",
                MENTOR_TRONDHEIM,
                ORG_OSLO));
      }
    }

    @Test
    void proxyActivity_reattributedToAMentorOrCoordinatorOfAnotherOrganisation_isRefused()
        throws SQLException {
      try (PgSession s = PgSession.user(db, COORD_OSLO)) {
        assertRefused(
            s.attempt(
                "update public.proxy_activities set attributed_mentor_id = ? where coordinator_id = ?",
                MENTOR_TRONDHEIM,
                COORD_OSLO));
        assertRefused(
            s.attempt(
                "update public.proxy_activities set org_id = ? where coordinator_id = ?",
                ORG_TRONDHEIM,
                COORD_OSLO));
        assertRefused(
            s.attempt(
                "update public.proxy_activities set coordinator_id = ? where coordinator_id = ?",
                COORD_TRONDHEIM,
                COORD_OSLO));
      }
    }

    @Test
    void certification_movedToAnotherOrganisation_isRefused() throws SQLException {
      try (PgSession s = PgSession.user(db, COORD_OSLO)) {
        assertRefused(
            s.attempt(
                "update public.peer_mentor_certifications set org_id = ? where id = ?",
                ORG_TRONDHEIM,
                CERT_OSLO_ACTIVE));
        assertRefused(
            s.attempt(
                "update public.peer_mentor_certifications set peer_mentor_id = ? where id = ?",
                MENTOR_TRONDHEIM,
                CERT_OSLO_ACTIVE));
      }
    }
  }

  @Nested
  class SelfEscalation {

    @Test
    void membership_grantingOneselfARoleOrAnOrganisation_isRefused() throws SQLException {
      try (PgSession s = PgSession.user(db, COORD_OSLO)) {
        assertThat(
                s.attempt(
                        "insert into public.org_memberships (user_id, org_id, role) values (?, ?, 'org_admin')",
                        COORD_OSLO,
                        ORG_OSLO)
                    .sqlState())
            .isEqualTo(INSUFFICIENT_PRIVILEGE);
        assertThat(
                s.attempt(
                        "insert into public.org_memberships (user_id, org_id, role) values (?, ?, 'coordinator')",
                        COORD_OSLO,
                        ORG_TRONDHEIM)
                    .sqlState())
            .isEqualTo(INSUFFICIENT_PRIVILEGE);
        assertRefused(
            s.attempt(
                "update public.org_memberships set role = 'org_admin' where user_id = ?",
                COORD_OSLO));
      }
      try (PgSession s = PgSession.user(db, ADMIN_OST)) {
        assertThat(
                s.attempt(
                        "insert into public.org_memberships (user_id, org_id, role) values (?, ?, 'org_admin')",
                        ADMIN_OST,
                        ORG_NATIONAL)
                    .sqlState())
            .isEqualTo(INSUFFICIENT_PRIVILEGE);
        assertRefused(
            s.attempt(
                "update public.org_memberships set org_id = ? where user_id = ?",
                ORG_NATIONAL,
                ADMIN_OST));
      }
    }

    @Test
    void users_changingOwnStatusOrPrimaryChapter_isRefusedByColumnPrivilege() throws SQLException {
      try (PgSession s = PgSession.user(db, MENTOR_INACTIVE)) {
        assertThat(
                s.attempt("update public.users set status = 'active' where id = ?", MENTOR_INACTIVE)
                    .sqlState())
            .isEqualTo(INSUFFICIENT_PRIVILEGE);
        assertThat(
                s.attempt(
                        "update public.users set org_id = ? where id = ?",
                        ORG_TRONDHEIM,
                        MENTOR_INACTIVE)
                    .sqlState())
            .isEqualTo(INSUFFICIENT_PRIVILEGE);
      }
    }

    @Test
    void organisations_reparentingOrRelevellingByAnAdmin_isRefused() throws SQLException {
      try (PgSession s = PgSession.user(db, ADMIN_OST)) {
        assertThat(
                s.attempt(
                        "update public.organisations set parent_id = ? where id = ?",
                        ORG_BLIND,
                        ORG_OSLO)
                    .sqlState())
            .isEqualTo(INSUFFICIENT_PRIVILEGE);
        assertThat(
                s.attempt("update public.organisations set level = 0 where id = ?", ORG_OSLO)
                    .sqlState())
            .isEqualTo(INSUFFICIENT_PRIVILEGE);
        // a new chapter under another organisation's tree
        assertThat(
                s.attempt(
                        "insert into public.organisations (parent_id, name) values (?, 'x')",
                        ORG_BLIND)
                    .sqlState())
            .isEqualTo(INSUFFICIENT_PRIVILEGE);
        assertThat(
                s.attempt(
                        "insert into public.organisation_closure (ancestor_id, descendant_id, depth)"
                            + " values (?, ?, 1)",
                        ORG_REGION_OST,
                        ORG_TRONDHEIM)
                    .sqlState())
            .isEqualTo(INSUFFICIENT_PRIVILEGE);
      }
    }

    @Test
    void truncate_whichIgnoresRls_isNotGrantedToAnonOrAuthenticated_onAnyTableInPublic()
        throws SQLException {
      try (SuperuserTx tx = SuperuserTx.open(db)) {
        assertThat(
                tx.count(
                    "select count(*) from pg_class c join pg_namespace n on n.oid = c.relnamespace"
                        + " where n.nspname = 'public' and c.relkind in ('r', 'p')"
                        + " and (has_table_privilege('anon', c.oid, 'truncate')"
                        + "      or has_table_privilege('authenticated', c.oid, 'truncate'))"))
            .isZero();
      }
      try (PgSession s = PgSession.user(db, ADMIN_NATIONAL)) {
        assertThat(s.attempt("truncate public.activities cascade").sqlState())
            .isEqualTo(INSUFFICIENT_PRIVILEGE);
      }
    }

    @Test
    void summaryTable_writtenByAUser_isRefused() throws SQLException {
      try (PgSession s = PgSession.user(db, ADMIN_NATIONAL)) {
        assertThat(
                s.attempt(
                        "update public.org_monthly_activity_counts set activity_count = activity_count + 1")
                    .sqlState())
            .isEqualTo(INSUFFICIENT_PRIVILEGE);
      }
      try (PgSession s = PgSession.user(db, COORD_OSLO)) {
        assertThat(
                s.count(
                    "select count(*) from public.org_monthly_activity_counts where org_id <> ?",
                    ORG_OSLO))
            .isZero();
      }
    }
  }

  @Nested
  class CertificationHistory {

    private static final String ENTRY =
        "[{\"schema_version\": 1, \"renewed_at\": \"2026-01-01T10:00:00Z\","
            + " \"previous_expires_at\": null, \"renewed_by\": \"%s\", \"notes\": \"forged\"}]";

    @Test
    void history_erasedOrForgedByACoordinator_isRefused() throws SQLException {
      try (PgSession s = PgSession.user(db, COORD_OSLO)) {
        PgSession.Outcome erase =
            s.attempt(
                "update public.peer_mentor_certifications set renewal_history = '[]'"
                    + " where id = ?",
                CERT_OSLO_ACTIVE);
        assertThat(erase.sqlState()).as(erase.toString()).isEqualTo(CHECK_VIOLATION);
        PgSession.Outcome forge =
            s.attempt(
                "update public.peer_mentor_certifications"
                    + " set renewal_history = renewal_history || ?::jsonb where id = ?",
                String.format(ENTRY, COORD_BAERUM),
                CERT_OSLO_ACTIVE);
        assertThat(forge.sqlState())
            .as("another renewer, another date: " + forge)
            .isEqualTo(CHECK_VIOLATION);
        PgSession.Outcome backdated =
            s.attempt(
                "update public.peer_mentor_certifications"
                    + " set renewal_history = renewal_history || ?::jsonb where id = ?",
                String.format(ENTRY, COORD_OSLO),
                CERT_OSLO_ACTIVE);
        assertThat(backdated.sqlState())
            .as("own name, past date: " + backdated)
            .isEqualTo(CHECK_VIOLATION);
      }
    }

    @Test
    void certification_createdWithAHistoryByACoordinator_isRefused_butEmptyIsAccepted()
        throws SQLException {
      String sql =
          "insert into public.peer_mentor_certifications (peer_mentor_id, org_id, certification_type,"
              + " issued_at, renewal_history) values (?, ?, 'grunnkurs', now(), ?::jsonb)";
      try (PgSession s = PgSession.user(db, COORD_OSLO)) {
        PgSession.Outcome forged =
            s.attempt(sql, MENTOR_OSLO, ORG_OSLO, String.format(ENTRY, COORD_OSLO));
        assertThat(forged.sqlState()).as(forged.toString()).isEqualTo(CHECK_VIOLATION);
        assertThat(s.attempt(sql, MENTOR_OSLO, ORG_OSLO, "[]").rows()).isEqualTo(1);
        // another organisation's row is still refused by RLS, not by the history check
        assertThat(
                s.attempt(sql, MENTOR_TRONDHEIM, ORG_TRONDHEIM, String.format(ENTRY, COORD_OSLO))
                    .sqlState())
            .isEqualTo(INSUFFICIENT_PRIVILEGE);
      }
    }

    @Test
    void history_appendedByRenewCertification_orCorrectedByServiceRole_isAccepted()
        throws SQLException {
      Timestamp far = Timestamp.from(Instant.now().plus(900, ChronoUnit.DAYS));
      try (PgSession s = PgSession.user(db, COORD_OSLO)) {
        assertThat(
                s.attempt(
                        "select * from public.renew_certification(?, ?, 'ok')",
                        CERT_OSLO_ACTIVE,
                        far)
                    .failed())
            .isFalse();
      }
      try (PgSession s = PgSession.serviceRole(db)) {
        assertThat(
                s.attempt(
                        "update public.peer_mentor_certifications set renewal_history = '[]' where id = ?",
                        CERT_OSLO_ACTIVE)
                    .rows())
            .isEqualTo(1);
      }
    }
  }

  /**
   * Writing a row into an organisation the caller cannot see must give the same answer (42501)
   * whether or not the named person holds the role there; a different error would be a membership
   * oracle.
   */
  @Nested
  class MembershipOracle {

    private void assertSameRefusal(String sql, UUID member, UUID nonMember, Object... rest)
        throws SQLException {
      for (UUID person : new UUID[] {member, nonMember}) {
        Object[] params = new Object[rest.length + 1];
        params[0] = person;
        System.arraycopy(rest, 0, params, 1, rest.length);
        try (PgSession s = PgSession.user(db, COORD_OSLO)) {
          PgSession.Outcome out = s.attempt(sql, params);
          assertThat(out.sqlState()).as(person + ": " + out).isEqualTo(INSUFFICIENT_PRIVILEGE);
        }
      }
    }

    @Test
    void activityInAnotherOrganisation_isRefusedAlike_forMemberAndNonMember() throws SQLException {
      assertSameRefusal(
          "insert into public.activities (peer_mentor_id, org_id, activity_type_id, activity_date)"
              + " values (?, ?, ?, date '2026-03-01')",
          MENTOR_TRONDHEIM,
          MENTOR_OSLO,
          ORG_TRONDHEIM,
          TYPE_BLIND_SAMTALE);
    }

    @Test
    void proxyActivityInAnotherOrganisation_isRefusedAlike_forMemberAndNonMember()
        throws SQLException {
      assertSameRefusal(
          "insert into public.proxy_activities (attributed_mentor_id, coordinator_id, org_id,"
              + " activity_type, date, duration_minutes) values (?, ?, ?, 'samtale', date '2026-03-01', 30)",
          MENTOR_TRONDHEIM,
          MENTOR_OSLO,
          COORD_OSLO,
          ORG_TRONDHEIM);
    }

    @Test
    void reimbursementCertificationAndTemplateInAnotherOrganisation_areRefusedAlike()
        throws SQLException {
      assertSameRefusal(
          "insert into public.reimbursements (user_id, org_id, amount) values (?, ?, 10.00)",
          MENTOR_TRONDHEIM,
          MENTOR_OSLO,
          ORG_TRONDHEIM);
      assertSameRefusal(
          "insert into public.peer_mentor_certifications (peer_mentor_id, org_id, certification_type,"
              + " issued_at) values (?, ?, 'grunnkurs', now())",
          MENTOR_TRONDHEIM,
          MENTOR_OSLO,
          ORG_TRONDHEIM);
      assertSameRefusal(
          "insert into public.recurring_activity_templates (attributed_mentor_id, org_id, coordinator_id,"
              + " activity_type, title, duration_minutes, recurrence_rule) values (?, ?, ?, 'samtale', 'x', 30, 'FREQ=WEEKLY')",
          MENTOR_TRONDHEIM,
          MENTOR_OSLO,
          ORG_TRONDHEIM,
          COORD_TRONDHEIM);
    }

    @Test
    void activityWithATypeOrProxyWithATemplateOfAnotherOrganisation_isRefused()
        throws SQLException {
      try (PgSession s = PgSession.user(db, COORD_OSLO)) {
        PgSession.Outcome type =
            s.attempt(
                "update public.activities set activity_type_id = ? where org_id = ?",
                TYPE_BLIND_SAMTALE,
                ORG_OSLO);
        assertThat(type.sqlState()).as(type.toString()).isEqualTo(CHECK_VIOLATION);
        PgSession.Outcome template =
            s.attempt(
                "update public.proxy_activities set template_id = ? where coordinator_id = ?",
                TEMPLATE_TRONDHEIM,
                COORD_OSLO);
        assertThat(template.sqlState()).as(template.toString()).isEqualTo(CHECK_VIOLATION);
      }
    }
  }

  @Nested
  class AuditLog {

    @Test
    void forgedAuditRow_isRefusedForCoordinatorAndAdmin() throws SQLException {
      for (UUID user : new UUID[] {COORD_OSLO, ADMIN_NATIONAL}) {
        try (PgSession s = PgSession.user(db, user)) {
          PgSession.Outcome out =
              s.attempt(
                  "insert into public.proxy_audit_log (proxy_activity_id, org_id, action,"
                      + " actor_id, coordinator_id, attributed_mentor_id, row_data) values (gen_random_uuid(), ?, 'insert',"
                      + " ?, ?, ?, '{}')",
                  ORG_OSLO,
                  COORD_BAERUM,
                  COORD_BAERUM,
                  MENTOR_OSLO);
          assertThat(out.sqlState()).as(out.toString()).isEqualTo(INSUFFICIENT_PRIVILEGE);
        }
      }
    }

    @Test
    void auditRows_changedByServiceRole_isRefused() throws SQLException {
      try (PgSession s = PgSession.serviceRole(db)) {
        assertThat(s.attempt("update public.proxy_audit_log set actor_id = null").failed())
            .isTrue();
        assertThat(s.attempt("delete from public.proxy_audit_log").failed()).isTrue();
      }
    }
  }

  @Nested
  class RpcArguments {

    @Test
    void renewCertification_ofAnotherOrganisation_isNotFound_andChangesNothing()
        throws SQLException {
      Timestamp far = Timestamp.from(Instant.now().plus(900, ChronoUnit.DAYS));
      try (PgSession s = PgSession.user(db, COORD_OSLO)) {
        assertThat(
                s.attempt(
                        "select * from public.renew_certification(?, ?, 'x')",
                        CERT_TRONDHEIM_EXPIRING,
                        far)
                    .sqlState())
            .isEqualTo("PT404");
      }
      try (PgSession s = PgSession.user(db, MENTOR_OSLO)) {
        // the own certification: visible, but a peer mentor may not renew it
        assertThat(
                s.attempt(
                        "select * from public.renew_certification(?, ?, 'x')",
                        CERT_OSLO_ACTIVE,
                        far)
                    .sqlState())
            .isEqualTo(INSUFFICIENT_PRIVILEGE);
      }
    }

    @Test
    void aggregate_withAnotherOrganisationOrBadArguments_isRefused() throws SQLException {
      String sql = "select public.aggregate_activities_for_org(?, ?, ?, ?)";
      LocalDate from = ACTIVITY_YEAR_START;
      LocalDate to = ACTIVITY_YEAR_END;
      try (PgSession s = PgSession.user(db, COORD_OSLO)) {
        assertThat(s.attempt(sql, ORG_TRONDHEIM, from, to, "chapter").sqlState())
            .isEqualTo(INSUFFICIENT_PRIVILEGE);
        assertThat(s.attempt(sql, ORG_NATIONAL, from, to, "national").sqlState())
            .isEqualTo(INSUFFICIENT_PRIVILEGE);
        assertThat(s.attempt(sql, ORG_OSLO, to, from, "chapter").sqlState()).isEqualTo("22023");
        assertThat(s.attempt(sql, ORG_OSLO, from, to, "universe").sqlState()).isEqualTo("22023");
        assertThat(s.attempt(sql, null, from, to, "chapter").sqlState()).isEqualTo("22004");
        assertThat(s.attempt(sql, ORG_OSLO, null, to, "chapter").sqlState()).isEqualTo("22004");
      }
    }

    @Test
    void adminKpis_ofAnotherSubtree_areRefused() throws SQLException {
      try (PgSession s = PgSession.user(db, ADMIN_OST)) {
        assertThat(s.attempt("select public.get_admin_kpi_stats(?)", ORG_NATIONAL).sqlState())
            .isEqualTo(INSUFFICIENT_PRIVILEGE);
        assertThat(s.attempt("select public.get_org_health_score(?)", ORG_BLIND).sqlState())
            .isEqualTo(INSUFFICIENT_PRIVILEGE);
        assertThat(s.attempt("select public.get_admin_kpi_stats(?)", (Object) null).sqlState())
            .isEqualTo("22004");
      }
      try (PgSession s = PgSession.user(db, COORD_OSLO)) {
        assertThat(s.attempt("select public.get_admin_kpi_stats(?)", ORG_OSLO).sqlState())
            .isEqualTo(INSUFFICIENT_PRIVILEGE);
      }
    }

    @Test
    void accessTokenHook_andDefinerHelpers_areNotCallableByUsers() throws SQLException {
      String event = "{\"user_id\": \"" + ADMIN_NATIONAL + "\", \"claims\": {}}";
      try (PgSession s = PgSession.user(db, COORD_TRONDHEIM)) {
        assertThat(s.attempt("select public.custom_access_token_hook(?::jsonb)", event).sqlState())
            .isEqualTo(INSUFFICIENT_PRIVILEGE);
        assertThat(s.attempt("select app.token_claims(?)", ADMIN_NATIONAL).sqlState())
            .isEqualTo(INSUFFICIENT_PRIVILEGE);
        assertThat(s.attempt("select app.rebuild_activity_summaries()").sqlState())
            .isEqualTo(INSUFFICIENT_PRIVILEGE);
        assertThat(
                s.attempt(
                        "select app.user_holds_role(?, ?, 'org_admin')",
                        ADMIN_NATIONAL,
                        ORG_NATIONAL)
                    .sqlState())
            .isEqualTo(INSUFFICIENT_PRIVILEGE);
        // callable, but answers only about the caller: another org's KPIs are refused
        assertThat(s.attempt("select * from app.admin_kpi_inputs(?)", ORG_NATIONAL).sqlState())
            .isEqualTo(INSUFFICIENT_PRIVILEGE);
      }
      try (PgSession s = PgSession.anon(db)) {
        assertThat(s.attempt("select public.custom_access_token_hook(?::jsonb)", event).sqlState())
            .isEqualTo(INSUFFICIENT_PRIVILEGE);
      }
    }

    @Test
    void forgedOrganisationClaims_inTheToken_grantNothing_andTheHookOverwritesThem()
        throws SQLException {
      String forgedMeta =
          "{\"organisation_id\": \""
              + ORG_TRONDHEIM
              + "\", \"organisation_ids\": [\""
              + ORG_BLIND
              + "\"], \"org_roles\": {\""
              + ORG_BLIND
              + "\": [\"org_admin\"]}}";
      String claims =
          "{\"sub\": \""
              + MENTOR_OSLO
              + "\", \"role\": \"authenticated\", \"aud\": \"authenticated\","
              + " \"app_metadata\": "
              + forgedMeta
              + "}";
      try (PgSession s = PgSession.withClaims(db, "authenticated", claims, false)) {
        assertThat(
                s.count("select count(*) from public.activities where org_id = ?", ORG_TRONDHEIM))
            .isZero();
        assertThat(s.count("select count(*) from public.organisations where id = ?", ORG_BLIND))
            .isZero();
        assertThat(s.attempt("select public.get_admin_kpi_stats(?)", ORG_BLIND).sqlState())
            .isEqualTo(INSUFFICIENT_PRIVILEGE);
      }
      try (SuperuserTx tx = SuperuserTx.open(db)) {
        String event = "{\"user_id\": \"" + MENTOR_OSLO + "\", \"claims\": " + claims + "}";
        String meta =
            (String)
                tx.scalar(
                    "select (public.custom_access_token_hook(?::jsonb) -> 'claims'"
                        + " -> 'app_metadata')::text",
                    event);
        assertThat(meta)
            .doesNotContain(ORG_BLIND.toString())
            .doesNotContain(ORG_TRONDHEIM.toString())
            .contains(ORG_OSLO.toString());
        String notAnObject =
            "{\"user_id\": \"" + MENTOR_OSLO + "\", \"claims\": {\"app_metadata\": \"org_admin\"}}";
        assertThat(
                (String)
                    tx.scalar(
                        "select jsonb_typeof(public.custom_access_token_hook(?::jsonb)"
                            + " -> 'claims' -> 'app_metadata')",
                        notAnObject))
            .isEqualTo("object");
        assertThat(
                tx.attempt(
                    "select public.custom_access_token_hook(?::jsonb)",
                    "{\"user_id\": \"not-a-uuid\", \"claims\": {}}"))
            .isEqualTo("22P02");
      }
    }

    @Test
    void noSecurityDefinerFunction_inAnExposedSchema_isExecutableByAnonOrAuthenticated()
        throws SQLException {
      try (SuperuserTx tx = SuperuserTx.open(db)) {
        assertThat(
                tx.count(
                    "select count(*) from pg_proc p join pg_namespace n on n.oid = p.pronamespace"
                        + " where n.nspname in ('public', 'graphql_public') and p.prosecdef"
                        + " and (has_function_privilege('anon', p.oid, 'execute')"
                        + "      or has_function_privilege('authenticated', p.oid, 'execute'))"))
            .isZero();
      }
    }
  }
}
