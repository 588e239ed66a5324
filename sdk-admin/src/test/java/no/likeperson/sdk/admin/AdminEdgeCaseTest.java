package no.likeperson.sdk.admin;

import static no.likeperson.sdk.admin.CertificationRepositoryWireTest.CERT;
import static no.likeperson.sdk.admin.CertificationRepositoryWireTest.MENTOR;
import static no.likeperson.sdk.admin.CertificationRepositoryWireTest.NOW;
import static no.likeperson.sdk.admin.CertificationRepositoryWireTest.ROW;
import static no.likeperson.sdk.admin.Wire.CHILD;
import static no.likeperson.sdk.admin.Wire.ROOT;
import static no.likeperson.sdk.admin.Wire.json;
import static no.likeperson.sdk.admin.Wire.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

/**
 * The edges the other wire tests leave open: the bounds of every range check (the last allowed
 * value is sent, the first refused one is not), the async twins' values, and the value types'
 * limits.
 */
class AdminEdgeCaseTest {

  @StartStop final MockWebServer server = Wire.server();

  private final String coordinator = token(Map.of(CHILD, List.of("coordinator")));

  private CertificationRepository repo() {
    return CertificationRepository.create(
        Wire.client(server, coordinator), Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @Test
  void publicFactory_usesTheSystemClock() throws Exception {
    CertificationRepository repo = CertificationRepository.create(Wire.client(server, coordinator));
    assertThat(repo).hasToString("CertificationRepository");
    server.enqueue(json("[]"));
    Instant before = Instant.now();
    assertThat(repo.expiringWithin(CHILD, 0)).isEmpty();
    Instant until =
        Instant.parse(
            server.takeRequest().getUrl().queryParameter("expires_at").substring("lte.".length()));
    assertThat(until).isBetween(before, Instant.now());
    assertThatThrownBy(() -> CertificationRepository.create(null)).hasMessage("client == null");
  }

  @Test
  void expiringWithin_zeroAndTheMaximumAreSent() throws Exception {
    server.enqueue(json("[]"));
    server.enqueue(json("[" + ROW + "]"));
    assertThat(repo().expiringWithin(CHILD, 0)).isEmpty();
    assertThat(repo().expiringWithinAsync(CHILD, CertificationRepository.MAX_DAYS).get())
        .extracting(Certification::id)
        .containsExactly(CERT);
    assertThat(server.takeRequest().getUrl().queryParameter("expires_at"))
        .isEqualTo("lte.2026-12-04T12:00:00Z");
    assertThat(server.takeRequest().getUrl().queryParameter("expires_at"))
        .isEqualTo("lte." + NOW.plusSeconds(86_400L * 3650));
  }

  @Test
  void asyncTwins_giveTheRowsAndValues() throws Exception {
    CertificationRepository repo = repo();
    server.enqueue(json("[" + ROW + "]"));
    List<Certification> mine = repo.mentorCertificationsAsync(MENTOR).get();
    assertThat(mine).extracting(Certification::peerMentorId).containsExactly(MENTOR);
    assertThatThrownBy(() -> mine.clear()).isInstanceOf(UnsupportedOperationException.class);
    assertThat(server.takeRequest().getUrl().queryParameter("peer_mentor_id"))
        .isEqualTo("eq." + MENTOR);

    server.enqueue(json(ROW.replace("\"active\"", "\"suspended\"")));
    assertThat(repo.suspendAsync(CERT).get().status()).isEqualTo(CertificationStatus.SUSPENDED);
    assertThat(server.takeRequest().getBody().utf8()).isEqualTo("{\"status\":\"suspended\"}");

    server.enqueue(json(ROW));
    assertThat(repo.reactivate(CERT).status()).isEqualTo(CertificationStatus.ACTIVE);
    assertThat(server.takeRequest().getUrl().queryParameter("status")).isEqualTo("eq.suspended");

    server.enqueue(json(ROW));
    assertThat(repo.renewalHistoryAsync(CERT).get())
        .hasSize(2)
        .first()
        .satisfies(e -> assertThat(e.renewedBy()).isPresent());
    assertThat(server.takeRequest().getUrl().queryParameter("id")).isEqualTo("eq." + CERT);

    server.enqueue(json("7"));
    assertThat(
            CertificationRepository.create(Wire.client(server, Wire.serviceRoleToken()))
                .expireDueCertificationsAsync()
                .get())
        .isEqualTo(7);
    assertThat(server.takeRequest().getUrl().encodedPath())
        .isEqualTo("/rest/v1/rpc/expire_due_certifications");
  }

  @Test
  void renew_notesOfExactlyTheMaximumAreSent() throws Exception {
    server.enqueue(json(ROW));
    String notes = "n".repeat(CertificationRepository.MAX_NOTES_LENGTH);
    assertThat(repo().renew(CERT, NOW, notes).id()).isEqualTo(CERT);
    assertThat(server.takeRequest().getBody().utf8()).contains("\"p_notes\":\"" + notes + "\"");
    assertThatThrownBy(() -> repo().renew(CERT, NOW, notes + "n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1001");
    assertThat(server.getRequestCount()).isOne();
  }

  @Test
  void certification_aboveTheRecommendedHistoryOnlyPastFifty() {
    RenewalEntry e = new RenewalEntry(1, NOW, Optional.empty(), Optional.empty(), Optional.empty());
    assertThat(
            cert(Collections.nCopies(Certification.RECOMMENDED_MAX_RENEWALS, e))
                .renewalHistoryAboveRecommendedSize())
        .isFalse();
    assertThat(
            cert(Collections.nCopies(Certification.RECOMMENDED_MAX_RENEWALS + 1, e))
                .renewalHistoryAboveRecommendedSize())
        .isTrue();
    List<RenewalEntry> source = new ArrayList<>(List.of(e));
    Certification c = cert(source);
    source.clear();
    assertThat(c.renewalHistory()).as("a copy").hasSize(1);
  }

  private static Certification cert(List<RenewalEntry> history) {
    return new Certification(
        CERT,
        MENTOR,
        CHILD,
        "grunnkurs_likeperson",
        NOW,
        Optional.empty(),
        CertificationStatus.ACTIVE,
        history);
  }

  @Test
  void renewalEntry_aTenCharacterDateIsRefusedAsNotATimestamp() {
    assertThatThrownBy(() -> RenewalEntry.instant("2026-01-10"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2026-01-10");
    assertThat(RenewalEntry.instant("2026-01-10 10:00:00Z"))
        .isEqualTo(Instant.parse("2026-01-10T10:00:00Z"));
  }

  @Test
  void statDto_zeroCountsAndBothScoreEndsAreValid() {
    AdminStatDto zero = new AdminStatDto(ROOT, 0, 0, 0, 0.0);
    assertThat(
            List.of(
                zero.activeUserCount(),
                zero.totalActivitiesCount(),
                zero.pendingReimbursementsCount()))
        .containsOnly(0L);
    assertThat(zero.orgHealthScore()).isZero();
    assertThat(new AdminStatDto(ROOT, 1, 2, 3, 1.0).orgHealthScore()).isEqualTo(1.0);
    assertThat(new AdminStatDto(ROOT, 1, 2, 3, 0.25).orgHealthScore()).isEqualTo(0.25);
    assertThat(AdminStatDto.requireCount(0, "n")).isZero();
    assertThatThrownBy(() -> AdminStatDto.requireCount(-1, "n"))
        .hasMessage("n must be >= 0, was -1");
    assertThatThrownBy(() -> AdminStatDto.requireScore(Math.nextDown(0.0)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AdminStatDto.requireScore(Math.nextUp(1.0)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AdminStatDto.requireScore(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void healthScore_zeroIsAValidAnswer() throws Exception {
    AdminDataRepository repo =
        AdminDataRepository.create(
            AdminRlsGuard.create(Wire.client(server, Wire.adminOfRoot()), ROOT));
    server.enqueue(json("{\"org_health_score\":0}"));
    assertThat(repo.getOrgHealthScore()).isZero();
    server.enqueue(json("{\"org_health_score\":0.0}"));
    assertThat(repo.getOrgHealthScoreAsync().get()).isZero();
    RecordedRequest r = server.takeRequest();
    assertThat(r.getUrl().queryParameter("p_kpi")).isEqualTo("org_health_score");
  }

  @Test
  void toStrings_nameRootAndScope() {
    AdminRlsGuard guard = AdminRlsGuard.create(Wire.client(server, Wire.adminOfRoot()), ROOT);
    assertThat(guard).hasToString("AdminRlsGuard{root=" + ROOT + "}");
    AdminDataRepository repo = AdminDataRepository.create(guard);
    assertThat(repo).hasToString("AdminDataRepository{root=" + ROOT + ", scope=" + ROOT + "}");
    UUID child = CHILD;
    assertThat(repo.narrowedTo(child))
        .hasToString("AdminDataRepository{root=" + ROOT + ", scope=" + child + "}");
  }
}
