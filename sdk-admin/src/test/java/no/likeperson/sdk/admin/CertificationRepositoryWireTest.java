package no.likeperson.sdk.admin;

import static no.likeperson.sdk.admin.Wire.CHILD;
import static no.likeperson.sdk.admin.Wire.FOREIGN;
import static no.likeperson.sdk.admin.Wire.ROOT;
import static no.likeperson.sdk.admin.Wire.error;
import static no.likeperson.sdk.admin.Wire.json;
import static no.likeperson.sdk.admin.Wire.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import no.likeperson.sdk.core.error.NotExactlyOneRowException;
import no.likeperson.sdk.core.error.UnauthorisedAccessException;
import no.likeperson.sdk.core.error.ValidationException;
import org.junit.jupiter.api.Test;

/**
 * The exact requests of CertificationRepository, the mapping of rows and history, and the failure
 * paths.
 */
class CertificationRepositoryWireTest {

  @StartStop final MockWebServer server = Wire.server();

  static final UUID CERT = UUID.fromString("ce000000-0000-4000-8000-000000000001");
  static final UUID MENTOR = UUID.fromString("30000000-0000-4000-8000-000000000001");
  static final UUID RENEWER = UUID.fromString("20000000-0000-4000-8000-000000000001");
  static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");

  static final String ROW =
      "{\"id\":\""
          + CERT
          + "\",\"peer_mentor_id\":\""
          + MENTOR
          + "\",\"org_id\":\""
          + CHILD
          + "\",\"certification_type\":\"grunnkurs_likeperson\",\"issued_at\":\"2024-01-15T10:00:00+00:00\","
          + "\"expires_at\":\"2027-12-04T12:00:00.123456+00:00\",\"status\":\"active\",\"renewal_history\":["
          + "{\"schema_version\":1,\"renewed_at\":\"2025-01-10T10:00:00Z\",\"previous_expires_at\":\"2025-01-15T10:00:00Z\","
          + "\"renewed_by\":\""
          + RENEWER
          + "\",\"notes\":\"Fornyet\"},"
          + "{\"renewed_at\":\"2026-01-10 10:00:00+01:00\",\"previous_expires_at\":null,\"renewed_by\":null,\"notes\":null}]}";

  private final String coordinator = token(Map.of(CHILD, List.of("coordinator")));

  private CertificationRepository repo(String token) {
    return CertificationRepository.create(
        Wire.client(server, token), Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @Test
  void mentorCertifications_readsTheMentorsRows_andMapsThemTyped() throws Exception {
    server.enqueue(json("[" + ROW + "]"));
    List<Certification> certs = repo(coordinator).mentorCertifications(MENTOR);
    RecordedRequest r = server.takeRequest();
    assertThat(r.getMethod()).isEqualTo("GET");
    assertThat(r.getUrl().encodedPath()).isEqualTo("/rest/v1/peer_mentor_certifications");
    assertThat(r.getUrl().queryParameter("select")).isEqualTo(Certification.COLUMNS);
    assertThat(r.getUrl().queryParameter("peer_mentor_id")).isEqualTo("eq." + MENTOR);
    assertThat(r.getUrl().queryParameter("order")).startsWith("expires_at.asc.nullslast");

    Certification c = certs.get(0);
    assertThat(c.id()).isEqualTo(CERT);
    assertThat(c.orgId()).isEqualTo(CHILD);
    assertThat(c.status()).isEqualTo(CertificationStatus.ACTIVE);
    assertThat(c.issuedAt()).isEqualTo(Instant.parse("2024-01-15T10:00:00Z"));
    assertThat(c.expiresAt()).contains(Instant.parse("2027-12-04T12:00:00.123456Z"));
    assertThat(c.renewalHistory())
        .containsExactly(
            new RenewalEntry(
                1,
                Instant.parse("2025-01-10T10:00:00Z"),
                Optional.of(Instant.parse("2025-01-15T10:00:00Z")),
                Optional.of(RENEWER),
                Optional.of("Fornyet")),
            new RenewalEntry(
                1,
                Instant.parse("2026-01-10T09:00:00Z"),
                Optional.empty(),
                Optional.empty(),
                Optional.empty()));
    assertThat(c.renewalHistoryAboveRecommendedSize()).isFalse();
    assertThatThrownBy(() -> certs.add(c)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> c.renewalHistory().clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void expiringWithin_asksForActiveRowsOfTheOrganisationUpToNowPlusDays() throws Exception {
    server.enqueue(json("[" + ROW + "]"));
    assertThat(repo(coordinator).expiringWithin(CHILD, 30)).hasSize(1);
    RecordedRequest r = server.takeRequest();
    assertThat(r.getUrl().queryParameter("org_id")).isEqualTo("eq." + CHILD);
    assertThat(r.getUrl().queryParameter("status")).isEqualTo("eq.active");
    assertThat(r.getUrl().queryParameter("expires_at")).isEqualTo("lte.2027-01-03T12:00:00Z");
    assertThat(r.getUrl().queryParameter("order")).isEqualTo("expires_at.asc,id.asc");
  }

  @Test
  void expiringWithin_badArgumentsAndForeignOrganisations_sendNothing() {
    CertificationRepository repo = repo(coordinator);
    assertThatThrownBy(() -> repo.expiringWithin(null, 30)).hasMessage("orgId == null");
    assertThatThrownBy(() -> repo.expiringWithin(CHILD, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0-3650");
    assertThatThrownBy(() -> repo.expiringWithin(CHILD, 3651))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> repo.expiringWithin(FOREIGN, 30))
        .isInstanceOf(UnauthorisedAccessException.class);
    assertThatThrownBy(() -> repo.expiringWithinAsync(FOREIGN, 30).get())
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(UnauthorisedAccessException.class);
    assertThatThrownBy(() -> repo.expiringWithinAsync(CHILD, -1).get())
        .cause()
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void renew_callsTheAtomicRpcOnce_withNamedArguments() throws Exception {
    server.enqueue(json(ROW));
    Certification c =
        repo(coordinator).renew(CERT, Instant.parse("2027-12-04T12:00:00Z"), "kurs fullført");
    assertThat(c.id()).isEqualTo(CERT);
    RecordedRequest r = server.takeRequest();
    assertThat(r.getMethod()).isEqualTo("POST");
    assertThat(r.getUrl().encodedPath()).isEqualTo("/rest/v1/rpc/renew_certification");
    assertThat(r.getBody().utf8())
        .isEqualTo(
            "{\"p_certification_id\":\""
                + CERT
                + "\",\"p_new_expires_at\":\"2027-12-04T12:00:00Z\",\"p_notes\":\"kurs fullført\"}");
    assertThat(r.getHeaders().get("Accept"))
        .as("the function returns one row object")
        .isEqualTo("application/json");
  }

  @Test
  void renew_refusalsAndBadNotes() throws Exception {
    CertificationRepository repo = repo(coordinator);
    assertThatThrownBy(() -> repo.renew(CERT, NOW, "x".repeat(1001)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> repo.renew(null, NOW, null)).hasMessage("certificationId == null");
    assertThatThrownBy(() -> repo.renew(CERT, null, null)).hasMessage("newExpiresAt == null");
    assertThat(server.getRequestCount()).isZero();

    server.enqueue(error(400, "22023", "certification is suspended and cannot be renewed"));
    assertThatThrownBy(() -> repo.renew(CERT, NOW, null))
        .isInstanceOfSatisfying(
            AdminRepositoryException.class,
            e -> {
              assertThat(e.getCause()).isInstanceOf(ValidationException.class);
              assertThat(e.code()).contains("22023");
              assertThat(e.isRetryable()).isFalse();
            });
    server.enqueue(
        error(400, "23514", "renewal_history would hold 501 entries; at most 500 are allowed"));
    assertThatThrownBy(() -> repo.renewAsync(CERT, NOW, null).get())
        .cause()
        .isInstanceOfSatisfying(
            AdminRepositoryException.class, e -> assertThat(e.code()).contains("23514"));
    RecordedRequest r = server.takeRequest();
    assertThat(r.getBody().utf8()).contains("\"p_notes\":null");
  }

  @Test
  void suspendAndReactivate_patchOneRow_reactivateOnlyASuspendedOne() throws Exception {
    server.enqueue(json(ROW.replace("\"active\"", "\"suspended\"")));
    assertThat(repo(coordinator).suspend(CERT).status()).isEqualTo(CertificationStatus.SUSPENDED);
    RecordedRequest s = server.takeRequest();
    assertThat(s.getMethod()).isEqualTo("PATCH");
    assertThat(s.getUrl().queryParameter("id")).isEqualTo("eq." + CERT);
    assertThat(s.getUrl().queryParameter("status")).isNull();
    assertThat(s.getBody().utf8()).isEqualTo("{\"status\":\"suspended\"}");
    assertThat(s.getHeaders().get("Accept")).isEqualTo("application/vnd.pgrst.object+json");

    server.enqueue(json(ROW));
    assertThat(repo(coordinator).reactivateAsync(CERT).get().status())
        .isEqualTo(CertificationStatus.ACTIVE);
    RecordedRequest a = server.takeRequest();
    assertThat(a.getMethod()).isEqualTo("PATCH");
    assertThat(a.getUrl().queryParameter("status")).isEqualTo("eq.suspended");
    assertThat(a.getBody().utf8()).isEqualTo("{\"status\":\"active\"}");

    server.enqueue(
        json(
            406,
            "{\"code\":\"PGRST116\",\"message\":\"JSON object requested, multiple (or no) rows returned\","
                + "\"details\":\"The result contains 0 rows\",\"hint\":null}"));
    assertThatThrownBy(() -> repo(coordinator).reactivate(CERT))
        .isInstanceOfSatisfying(
            AdminRepositoryException.class,
            e -> assertThat(e.getCause()).isInstanceOf(NotExactlyOneRowException.class));
  }

  @Test
  void renewalHistory_readsOneRow_andReturnsTheTypedEntries() throws Exception {
    server.enqueue(json(ROW));
    List<RenewalEntry> h = repo(coordinator).renewalHistory(CERT);
    assertThat(h).hasSize(2);
    assertThat(h.get(0).notes()).contains("Fornyet");
    RecordedRequest r = server.takeRequest();
    assertThat(r.getMethod()).isEqualTo("GET");
    assertThat(r.getUrl().queryParameter("id")).isEqualTo("eq." + CERT);
  }

  @Test
  void malformedRows_areAdminRepositoryExceptions() {
    for (String bad :
        List.of(
            ROW.replace("\"active\"", "\"lapsed\""),
            ROW.replace("\"2025-01-10T10:00:00Z\"", "\"yesterday\""),
            ROW.replace(",\"status\":\"active\"", ""),
            ROW.replace("\"schema_version\":1", "\"schema_version\":0"))) {
      server.enqueue(json(bad));
      assertThatThrownBy(() -> repo(coordinator).renewalHistory(CERT))
          .as(bad)
          .isInstanceOf(AdminRepositoryException.class);
    }
  }

  @Test
  void expiryRun_needsAServiceRoleClient_andIsOneRpc() throws Exception {
    assertThatThrownBy(() -> repo(coordinator).expireDueCertifications())
        .isInstanceOf(UnauthorisedAccessException.class);
    assertThatThrownBy(
            () ->
                repo(token(Map.of(ROOT, List.of("org_admin"))))
                    .expireDueCertificationsAsync()
                    .get())
        .cause()
        .isInstanceOf(UnauthorisedAccessException.class);
    assertThatThrownBy(() -> repo(null).expireDueCertifications())
        .isInstanceOf(UnauthorisedAccessException.class);
    assertThat(server.getRequestCount()).isZero();

    server.enqueue(json("3"));
    assertThat(repo(Wire.serviceRoleToken()).expireDueCertifications()).isEqualTo(3);
    RecordedRequest r = server.takeRequest();
    assertThat(r.getMethod()).isEqualTo("POST");
    assertThat(r.getUrl().encodedPath()).isEqualTo("/rest/v1/rpc/expire_due_certifications");
  }

  @Test
  void statusWireValues_roundTrip() {
    for (CertificationStatus s : CertificationStatus.values()) {
      assertThat(CertificationStatus.fromWire(s.wireValue())).isSameAs(s);
    }
    assertThatThrownBy(() -> CertificationStatus.fromWire("ACTIVE"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
