package no.likeperson.sdk.admin;

import static no.likeperson.sdk.admin.Wire.CHILD;
import static no.likeperson.sdk.admin.Wire.FOREIGN;
import static no.likeperson.sdk.admin.Wire.ROOT;
import static no.likeperson.sdk.admin.Wire.adminOfRoot;
import static no.likeperson.sdk.admin.Wire.error;
import static no.likeperson.sdk.admin.Wire.json;
import static no.likeperson.sdk.admin.Wire.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import mockwebserver3.junit5.StartStop;
import no.likeperson.sdk.core.SupabaseClient;
import no.likeperson.sdk.core.error.PermissionDeniedException;
import no.likeperson.sdk.core.error.ServiceUnavailableException;
import no.likeperson.sdk.core.error.SupabaseClientException;
import no.likeperson.sdk.core.error.UnauthorisedAccessException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The exact requests of AdminDataRepository, the mapping of answers and every failure path. */
class AdminDataRepositoryWireTest {

  @StartStop final MockWebServer server = Wire.server();

  private static final String ALL =
      "{\"organisation_id\":\""
          + ROOT
          + "\",\"active_user_count\":12,"
          + "\"total_activities_count\":3456,\"pending_reimbursements_count\":7,\"org_health_score\":0.625}";

  private AdminDataRepository repo(String token) {
    return AdminDataRepository.create(AdminRlsGuard.create(Wire.client(server, token), ROOT));
  }

  /** The single-KPI calls and the wire name each sends, as functions of the repository. */
  enum Single {
    ACTIVE(Kpi.ACTIVE_USER_COUNT, r -> r.getActiveUserCount(), r -> r.getActiveUserCountAsync()),
    ACTIVITIES(
        Kpi.TOTAL_ACTIVITIES_COUNT,
        r -> r.getTotalActivitiesCount(),
        r -> r.getTotalActivitiesCountAsync()),
    PENDING(
        Kpi.PENDING_REIMBURSEMENTS_COUNT,
        r -> r.getPendingReimbursementsCount(),
        r -> r.getPendingReimbursementsCountAsync()),
    HEALTH(Kpi.ORG_HEALTH_SCORE, r -> r.getOrgHealthScore(), r -> r.getOrgHealthScoreAsync()),
    STATS(Kpi.ALL, r -> r.getKpiStats(), r -> r.getKpiStatsAsync());

    final Kpi kpi;
    final Function<AdminDataRepository, Object> sync;
    final Function<AdminDataRepository, CompletableFuture<?>> async;

    Single(
        Kpi kpi,
        Function<AdminDataRepository, Object> sync,
        Function<AdminDataRepository, CompletableFuture<?>> async) {
      this.kpi = kpi;
      this.sync = sync;
      this.async = async;
    }
  }

  private void assertKpiRequest(RecordedRequest r, Kpi kpi, String scope) {
    assertThat(r.getMethod()).as("a read-only RPC, never rows").isEqualTo("GET");
    assertThat(r.getUrl().encodedPath()).isEqualTo("/rest/v1/rpc/get_admin_kpis");
    assertThat(r.getUrl().queryParameterNames())
        .containsExactlyInAnyOrderElementsOf(
            scope == null
                ? List.of("p_root_org_id", "p_kpi")
                : List.of("p_root_org_id", "p_scope_org_id", "p_kpi"));
    assertThat(r.getUrl().queryParameter("p_root_org_id")).isEqualTo(ROOT.toString());
    assertThat(r.getUrl().queryParameter("p_scope_org_id")).isEqualTo(scope);
    assertThat(r.getUrl().queryParameter("p_kpi")).isEqualTo(kpi.wire);
    assertThat(r.getHeaders().get("Authorization")).startsWith("Bearer ey");
    assertThat(r.getHeaders().get("Prefer")).as("no count of rows requested").isNull();
  }

  @Test
  void getKpiStats_sendsOneRpc_andMapsAllFour() throws Exception {
    server.enqueue(json(ALL));
    AdminStatDto s = repo(adminOfRoot()).getKpiStats();
    assertThat(s).isEqualTo(new AdminStatDto(ROOT, 12, 3456, 7, 0.625));
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertKpiRequest(server.takeRequest(), Kpi.ALL, null);
  }

  @Test
  void singleKpis_eachSendOneRpcNamingOnlyThatKpi_andMapTheNumber() throws Exception {
    AdminDataRepository repo = repo(adminOfRoot());
    server.enqueue(json("{\"organisation_id\":\"" + ROOT + "\",\"active_user_count\":41}"));
    assertThat(repo.getActiveUserCount()).isEqualTo(41L);
    assertKpiRequest(server.takeRequest(), Kpi.ACTIVE_USER_COUNT, null);

    server.enqueue(
        json("{\"organisation_id\":\"" + ROOT + "\",\"total_activities_count\":2200000}"));
    assertThat(repo.getTotalActivitiesCount()).isEqualTo(2_200_000L);
    assertKpiRequest(server.takeRequest(), Kpi.TOTAL_ACTIVITIES_COUNT, null);

    server.enqueue(
        json("{\"organisation_id\":\"" + ROOT + "\",\"pending_reimbursements_count\":0}"));
    assertThat(repo.getPendingReimbursementsCount()).isZero();
    assertKpiRequest(server.takeRequest(), Kpi.PENDING_REIMBURSEMENTS_COUNT, null);

    server.enqueue(json("{\"organisation_id\":\"" + ROOT + "\",\"org_health_score\":1}"));
    assertThat(repo.getOrgHealthScore()).isEqualTo(1.0);
    assertKpiRequest(server.takeRequest(), Kpi.ORG_HEALTH_SCORE, null);
    assertThat(server.getRequestCount()).isEqualTo(4);
  }

  @ParameterizedTest
  @EnumSource(Single.class)
  void narrowedTo_sendsTheScopeBesidesTheRoot_syncAndAsync(Single call) throws Exception {
    AdminDataRepository narrowed = repo(adminOfRoot()).narrowedTo(CHILD);
    assertThat(narrowed.scopeOrgId()).isEqualTo(CHILD);
    server.enqueue(json(ALL.replace(ROOT.toString(), CHILD.toString())));
    server.enqueue(json(ALL.replace(ROOT.toString(), CHILD.toString())));
    assertThat(call.sync.apply(narrowed)).isNotNull();
    assertThat(call.async.apply(narrowed).get()).isNotNull();
    assertKpiRequest(server.takeRequest(), call.kpi, CHILD.toString());
    assertKpiRequest(server.takeRequest(), call.kpi, CHILD.toString());
  }

  @Test
  void narrowedToTheRootItself_isTheRootScope() throws Exception {
    AdminDataRepository repo = repo(adminOfRoot()).narrowedTo(ROOT);
    server.enqueue(json(ALL));
    repo.getKpiStats();
    assertKpiRequest(server.takeRequest(), Kpi.ALL, null);
  }

  @ParameterizedTest
  @EnumSource(Single.class)
  void asyncTwins_sendTheSameRequest_andGiveTheSameValue(Single call) throws Exception {
    server.enqueue(json(ALL));
    server.enqueue(json(ALL));
    AdminDataRepository repo = repo(adminOfRoot());
    Object sync = call.sync.apply(repo);
    Object async = call.async.apply(repo).get();
    assertThat(async).isEqualTo(sync);
    RecordedRequest a = server.takeRequest();
    RecordedRequest b = server.takeRequest();
    assertThat(b.getTarget()).isEqualTo(a.getTarget());
  }

  // ------------------------------------------------------------------ the guard

  static List<String> refusedTokens() {
    return List.of(
        token(Map.of(ROOT, List.of("coordinator"))), // staff, not admin
        token(Map.of(ROOT, List.of("peer_mentor"))),
        token(Map.of(FOREIGN, List.of("org_admin"))), // admin elsewhere
        token(Map.of(CHILD, List.of("org_admin"))), // admin of a descendant only
        token(Map.of())); // no organisations
  }

  @ParameterizedTest
  @EnumSource(Single.class)
  void guard_refusesTokensWithoutOrgAdminOfTheRoot_beforeSendingAnything(Single call) {
    for (String t : refusedTokens()) {
      AdminDataRepository repo = repo(t);
      assertThatThrownBy(() -> call.sync.apply(repo))
          .isInstanceOf(UnauthorisedAccessException.class)
          .hasMessageNotContaining(ROOT.toString());
      assertThatThrownBy(() -> call.async.apply(repo).get())
          .isInstanceOf(ExecutionException.class)
          .cause()
          .isInstanceOf(UnauthorisedAccessException.class);
      assertThatThrownBy(() -> call.sync.apply(repo.narrowedTo(CHILD)))
          .isInstanceOf(UnauthorisedAccessException.class);
    }
    AdminDataRepository anonymous = repo(null);
    assertThatThrownBy(() -> call.sync.apply(anonymous))
        .isInstanceOf(UnauthorisedAccessException.class);
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void guard_readsTheCurrentToken_onEveryCall() throws Exception {
    String[] current = {token(Map.of(FOREIGN, List.of("org_admin")))};
    SupabaseClient client =
        SupabaseClient.builder()
            .url(server.url("/").toString())
            .apiKey(Wire.API_KEY)
            .accessTokenProvider(() -> current[0])
            .retry(no.likeperson.sdk.core.RetrySettings.disabled())
            .build();
    AdminDataRepository repo = AdminDataRepository.create(AdminRlsGuard.create(client, ROOT));
    assertThatThrownBy(repo::getKpiStats).isInstanceOf(UnauthorisedAccessException.class);
    current[0] = adminOfRoot(); // org switch: a new token
    server.enqueue(json(ALL));
    assertThat(repo.getKpiStats().activeUserCount()).isEqualTo(12);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void guard_letsAServiceRoleTokenThrough() throws Exception {
    server.enqueue(json(ALL));
    assertThat(repo(Wire.serviceRoleToken()).getKpiStats().organisationId()).isEqualTo(ROOT);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  // ------------------------------------------------------------------ failures

  @ParameterizedTest
  @EnumSource(Single.class)
  void serverRefusal_isAnAdminRepositoryExceptionKeepingTheCause(Single call) {
    server.enqueue(error(403, "42501", "not allowed to read KPIs of organisation"));
    server.enqueue(error(403, "42501", "not allowed to read KPIs of organisation"));
    AdminDataRepository repo = repo(adminOfRoot());
    assertThatThrownBy(() -> call.sync.apply(repo))
        .isInstanceOfSatisfying(
            AdminRepositoryException.class,
            e -> {
              assertThat(e.getCause()).isInstanceOf(PermissionDeniedException.class);
              assertThat(e.statusCode()).hasValue(403);
              assertThat(e.code()).contains("42501");
              assertThat(e.isRetryable()).isFalse();
            });
    assertThatThrownBy(() -> call.async.apply(repo).get())
        .cause()
        .isInstanceOfSatisfying(
            AdminRepositoryException.class,
            e -> assertThat(e.getCause()).isInstanceOf(PermissionDeniedException.class));
  }

  @Test
  void unavailableServer_isRetryable() {
    server.enqueue(error(503, "PGRST000", "database down"));
    assertThatThrownBy(() -> repo(adminOfRoot()).getActiveUserCount())
        .isInstanceOfSatisfying(
            AdminRepositoryException.class,
            e -> {
              assertThat(e.getCause()).isInstanceOf(ServiceUnavailableException.class);
              assertThat(e.isRetryable()).isTrue();
              assertThat(e.statusCode()).hasValue(503);
            });
  }

  @ParameterizedTest
  @EnumSource(Single.class)
  void droppedConnection_isARetryableAdminRepositoryExceptionWithoutStatus(Single call) {
    server.enqueue(
        new MockResponse.Builder()
            .onResponseStart(SocketEffect.ShutdownConnection.INSTANCE)
            .build());
    assertThatThrownBy(() -> call.sync.apply(repo(adminOfRoot())))
        .isInstanceOfSatisfying(
            AdminRepositoryException.class,
            e -> {
              assertThat(e.getCause()).isInstanceOf(SupabaseClientException.class);
              assertThat(e.statusCode()).isEmpty();
              assertThat(e.isRetryable()).isTrue();
            });
  }

  static List<String> malformedAnswers() {
    return List.of(
        "{}",
        "null",
        "{\"active_user_count\":null}",
        "{\"active_user_count\":-1}",
        "{\"active_user_count\":1.5}",
        "{\"active_user_count\":\"12\"}",
        "[]");
  }

  @Test
  void malformedCountAnswers_areAdminRepositoryExceptions_neverNullOrZero() {
    AdminDataRepository repo = repo(adminOfRoot());
    for (String body : malformedAnswers()) {
      server.enqueue(json(body));
      assertThatThrownBy(repo::getActiveUserCount)
          .as(body)
          .isInstanceOf(AdminRepositoryException.class)
          .hasMessageContaining("active_user_count");
    }
  }

  @Test
  void malformedScoreAndStatsAnswers_areAdminRepositoryExceptions() {
    AdminDataRepository repo = repo(adminOfRoot());
    for (String body :
        List.of(
            "{\"org_health_score\":1.5}",
            "{\"org_health_score\":-0.1}",
            "{\"org_health_score\":null}",
            "{}")) {
      server.enqueue(json(body));
      assertThatThrownBy(repo::getOrgHealthScore)
          .as(body)
          .isInstanceOf(AdminRepositoryException.class);
    }
    for (String body :
        List.of(
            "{}",
            ALL.replace(",\"org_health_score\":0.625", ""),
            ALL.replace("0.625", "2.0"),
            ALL.replace("\"active_user_count\":12", "\"active_user_count\":-12"))) {
      server.enqueue(json(body));
      assertThatThrownBy(repo::getKpiStats).as(body).isInstanceOf(AdminRepositoryException.class);
    }
  }

  // ------------------------------------------------------------------ construction

  @Test
  void arguments_areCheckedWithNamedErrors() {
    SupabaseClient client = Wire.client(server, adminOfRoot());
    assertThatThrownBy(() -> AdminRlsGuard.create(null, ROOT)).hasMessage("client == null");
    assertThatThrownBy(() -> AdminRlsGuard.create(client, null)).hasMessage("rootOrgId == null");
    assertThatThrownBy(() -> AdminDataRepository.create(null)).hasMessage("guard == null");
    assertThatThrownBy(() -> repo(adminOfRoot()).narrowedTo(null))
        .hasMessage("descendantOrgId == null");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void statDto_isValidatedAndCopiesWithOneValueReplaced() {
    AdminStatDto s = new AdminStatDto(ROOT, 1, 2, 3, 0.5);
    assertThat(s.withActiveUserCount(10)).isEqualTo(new AdminStatDto(ROOT, 10, 2, 3, 0.5));
    assertThat(s.withTotalActivitiesCount(20)).isEqualTo(new AdminStatDto(ROOT, 1, 20, 3, 0.5));
    assertThat(s.withPendingReimbursementsCount(30))
        .isEqualTo(new AdminStatDto(ROOT, 1, 2, 30, 0.5));
    assertThat(s.withOrgHealthScore(0.9)).isEqualTo(new AdminStatDto(ROOT, 1, 2, 3, 0.9));
    assertThatThrownBy(() -> new AdminStatDto(null, 1, 2, 3, 0.5))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> s.withActiveUserCount(-1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> s.withOrgHealthScore(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> s.withOrgHealthScore(1.01))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
