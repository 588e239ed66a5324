package no.likeperson.sdk.stats;

import static no.likeperson.sdk.stats.StatsFixture.COORD;
import static no.likeperson.sdk.stats.StatsFixture.GROUP;
import static no.likeperson.sdk.stats.StatsFixture.MENTOR;
import static no.likeperson.sdk.stats.StatsFixture.ORG;
import static no.likeperson.sdk.stats.StatsFixture.OTHER_ORG;
import static no.likeperson.sdk.stats.StatsFixture.TALK;
import static no.likeperson.sdk.stats.StatsFixture.json;
import static no.likeperson.sdk.stats.StatsFixture.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import mockwebserver3.junit5.StartStop;
import no.likeperson.sdk.core.RequestOptions;
import no.likeperson.sdk.core.SupabaseClient;
import no.likeperson.sdk.core.error.NotFoundException;
import no.likeperson.sdk.core.error.PermissionDeniedException;
import no.likeperson.sdk.core.error.SupabaseClientException;
import no.likeperson.sdk.core.error.SupabaseException;
import no.likeperson.sdk.core.error.UnauthorisedAccessException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The exact requests StatsRepository sends, the mapping of the answers and every error path. */
class StatsRepositoryWireTest {

  @StartStop final MockWebServer server = StatsFixture.noDelayServer();

  private SupabaseClient client;
  private StatsRepository stats;

  private static final YearMonth JAN = YearMonth.of(2026, 1);
  private static final YearMonth DEC = YearMonth.of(2026, 12);

  @BeforeEach
  void setUp() {
    client = StatsFixture.client(server);
    stats = StatsRepository.create(client);
  }

  @AfterEach
  void tearDown() {
    client.close();
  }

  private RecordedRequest take() throws InterruptedException {
    return StatsFixture.take(server);
  }

  @Test
  void coordinatorMonthlyStats_sendsOneGetOnTheViewWithOrgSubjectAndMonthRange() throws Exception {
    server.enqueue(json("[]"));
    stats.coordinatorMonthlyStats(ORG, COORD, JAN, DEC);
    RecordedRequest r = take();
    assertThat(r.getMethod()).isEqualTo("GET");
    assertThat(r.getUrl().encodedPath()).isEqualTo("/rest/v1/coordinator_monthly_stats");
    assertThat(r.getUrl().queryParameterNames())
        .containsExactlyInAnyOrder("select", "org_id", "coordinator_id", "activity_month", "order");
    assertThat(r.getUrl().queryParameter("select"))
        .isEqualTo(
            "org_id,subject_id:coordinator_id,activity_month,"
                + "activity_type_id,activity_type,activity_count,total_duration_minutes");
    assertThat(r.getUrl().queryParameterValues("org_id")).containsExactly("eq." + ORG);
    assertThat(r.getUrl().queryParameterValues("coordinator_id")).containsExactly("eq." + COORD);
    assertThat(r.getUrl().queryParameterValues("activity_month"))
        .containsExactly("gte.2026-01-01", "lte.2026-12-01");
    assertThat(r.getUrl().queryParameter("order"))
        .isEqualTo("activity_month.asc,activity_type_id.asc");
    assertThat(r.getHeaders().get("Accept-Profile")).isEqualTo("public");
    assertThat(r.getHeaders().get("Authorization")).isEqualTo("Bearer " + StatsFixture.token());
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void peerMentorMonthlyStats_readsTheMentorViewByMentorId() throws Exception {
    server.enqueue(json("[]"));
    stats.peerMentorMonthlyStats(ORG, MENTOR, YearMonth.of(2025, 11), YearMonth.of(2026, 2));
    RecordedRequest r = take();
    assertThat(r.getUrl().encodedPath()).isEqualTo("/rest/v1/peer_mentor_monthly_stats");
    assertThat(r.getUrl().queryParameter("select")).startsWith("org_id,subject_id:mentor_id,");
    assertThat(r.getUrl().queryParameterValues("mentor_id")).containsExactly("eq." + MENTOR);
    assertThat(r.getUrl().queryParameterValues("activity_month"))
        .containsExactly("gte.2025-11-01", "lte.2026-02-01");
    assertThat(r.getUrl().queryParameterNames())
        .doesNotContain("coordinator_id", "limit", "offset");
  }

  @Test
  void answer_isMappedIntoRows_nullDurationAsZero() {
    server.enqueue(
        json(
            "["
                + row(ORG, COORD, "2026-01-01", TALK, "samtale", 3, 180L)
                + ","
                + row(ORG, COORD, "2026-03-01", GROUP, "aktivitetsgruppe", 2, null)
                + "]"));
    List<StatsRow> rows = stats.coordinatorMonthlyStats(ORG, COORD, JAN, DEC);
    assertThat(rows)
        .containsExactly(
            new StatsRow(ORG, COORD, JAN, TALK, "samtale", 3, 180),
            new StatsRow(ORG, COORD, YearMonth.of(2026, 3), GROUP, "aktivitetsgruppe", 2, 0));
    assertThatThrownBy(() -> rows.add(rows.get(0)))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void emptyAnswer_isAnEmptyList() {
    server.enqueue(json("[]"));
    assertThat(stats.peerMentorMonthlyStats(ORG, MENTOR, JAN, JAN)).isEmpty();
  }

  @Test
  void fullPage_isFollowedByTheNextPageOfTheSameOrderedQuery() throws Exception {
    StringBuilder page = new StringBuilder("[");
    for (int i = 0; i < StatsRepository.PAGE; i++) {
      page.append(i == 0 ? "" : ",")
          .append(row(ORG, COORD, "2026-01-01", UUID.randomUUID(), "t" + i, 1, 1L));
    }
    server.enqueue(json(page.append("]").toString()));
    server.enqueue(json("[" + row(ORG, COORD, "2026-02-01", TALK, "samtale", 1, 45L) + "]"));
    List<StatsRow> rows = stats.coordinatorMonthlyStats(ORG, COORD, JAN, DEC);
    assertThat(rows).hasSize(StatsRepository.PAGE + 1);
    assertThat(take().getUrl().queryParameter("offset")).isNull();
    RecordedRequest second = take();
    assertThat(second.getUrl().queryParameter("offset")).isEqualTo("1000");
    assertThat(second.getUrl().queryParameter("order"))
        .isEqualTo("activity_month.asc,activity_type_id.asc");
  }

  @Test
  void async_sendsTheSameRequestAndMaps() throws Exception {
    server.enqueue(json("[" + row(ORG, MENTOR, "2026-05-01", TALK, "samtale", 4, 200L) + "]"));
    List<StatsRow> rows =
        stats.peerMentorMonthlyStatsAsync(ORG, MENTOR, JAN, DEC).get(5, TimeUnit.SECONDS);
    assertThat(rows)
        .containsExactly(new StatsRow(ORG, MENTOR, YearMonth.of(2026, 5), TALK, "samtale", 4, 200));
    assertThat(take().getUrl().encodedPath()).isEqualTo("/rest/v1/peer_mentor_monthly_stats");
  }

  // ---------------------------------------------------------------- refused before sending

  @Test
  void nullArguments_throwNullPointerExceptionNamingTheArgument_andSendNothing() {
    assertNpe(() -> stats.coordinatorMonthlyStats(null, COORD, JAN, DEC), "orgId");
    assertNpe(() -> stats.coordinatorMonthlyStats(ORG, null, JAN, DEC), "coordinatorId");
    assertNpe(() -> stats.coordinatorMonthlyStats(ORG, COORD, null, DEC), "from");
    assertNpe(() -> stats.coordinatorMonthlyStats(ORG, COORD, JAN, null), "to");
    assertNpe(() -> stats.coordinatorMonthlyStats(ORG, COORD, JAN, DEC, null), "options");
    assertNpe(() -> stats.peerMentorMonthlyStats(ORG, null, JAN, DEC), "mentorId");
    assertNpe(() -> StatsRepository.create(null), "client");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void badRanges_throwIllegalArgumentException_andSendNothing() {
    assertThatThrownBy(() -> stats.coordinatorMonthlyStats(ORG, COORD, DEC, JAN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("after");
    assertThatThrownBy(() -> stats.peerMentorMonthlyStats(ORG, MENTOR, JAN, JAN.plusMonths(60)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("61 months");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void sixtyMonths_isAllowed() {
    server.enqueue(json("[]"));
    assertThat(stats.peerMentorMonthlyStats(ORG, MENTOR, JAN, JAN.plusMonths(59))).isEmpty();
    assertThat(server.getRequestCount()).isOne();
  }

  @Test
  void anOrganisationTheTokenDoesNotName_isRefusedByTheGuard_andNothingIsSent() {
    assertThatThrownBy(() -> stats.coordinatorMonthlyStats(OTHER_ORG, COORD, JAN, DEC))
        .isExactlyInstanceOf(UnauthorisedAccessException.class);
    assertThatThrownBy(() -> stats.peerMentorMonthlyStats(OTHER_ORG, MENTOR, JAN, DEC))
        .isExactlyInstanceOf(UnauthorisedAccessException.class);
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void async_badInputAndGuard_failTheFutureWithTheSameTypes_andSendNothing() {
    assertFails(
        stats.coordinatorMonthlyStatsAsync(null, COORD, JAN, DEC), NullPointerException.class);
    assertFails(
        stats.coordinatorMonthlyStatsAsync(ORG, COORD, DEC, JAN), IllegalArgumentException.class);
    assertFails(
        stats.peerMentorMonthlyStatsAsync(OTHER_ORG, MENTOR, JAN, DEC),
        UnauthorisedAccessException.class);
    assertFails(
        stats.peerMentorMonthlyStatsAsync(ORG, MENTOR, JAN, DEC, null), NullPointerException.class);
    assertThat(server.getRequestCount()).isZero();
  }

  // ---------------------------------------------------------------- server and transport failures

  @Test
  void permissionDenied_becomesStatsExceptionKeepingCauseStatusAndCode() {
    server.enqueue(
        json(
            403,
            "{\"code\":\"42501\",\"message\":\"permission denied for view coordinator_monthly_stats\","
                + "\"details\":null,\"hint\":null}"));
    assertThatThrownBy(() -> stats.coordinatorMonthlyStats(ORG, COORD, JAN, DEC))
        .isInstanceOfSatisfying(
            StatsException.class,
            e -> {
              assertThat(e).isInstanceOf(SupabaseException.class);
              assertThat(e.getCause()).isInstanceOf(PermissionDeniedException.class);
              assertThat(e.statusCode()).hasValue(403);
              assertThat(e.code()).contains("42501");
              assertThat(e.isRetryable()).isFalse();
              assertThat(e.getMessage()).startsWith("coordinator_monthly_stats failed:");
            });
  }

  @Test
  void unknownView_becomesStatsExceptionWithNotFoundCause() {
    server.enqueue(
        json(
            404,
            "{\"code\":\"PGRST205\",\"message\":\"Could not find the table\",\"details\":null,"
                + "\"hint\":null}"));
    assertThatThrownBy(() -> stats.peerMentorMonthlyStats(ORG, MENTOR, JAN, DEC))
        .isInstanceOfSatisfying(
            StatsException.class,
            e -> {
              assertThat(e.getCause()).isInstanceOf(NotFoundException.class);
              assertThat(e.code()).contains("PGRST205");
            });
  }

  @Test
  void serviceUnavailable_isRetryableStatsException() {
    server.enqueue(
        json(
            503,
            "{\"code\":\"PGRST000\",\"message\":\"database down\",\"details\":null,\"hint\":null}"));
    assertThatThrownBy(() -> stats.coordinatorMonthlyStats(ORG, COORD, JAN, DEC))
        .isInstanceOfSatisfying(
            StatsException.class,
            e -> {
              assertThat(e.statusCode()).hasValue(503);
              assertThat(e.isRetryable()).isTrue();
            });
  }

  @Test
  void disconnectDuringTheBody_isStatsExceptionWithoutStatus() {
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .addHeader("Content-Type", "application/json")
            .body("[" + row(ORG, COORD, "2026-01-01", TALK, "samtale", 1, 1L) + ",{\"org_id\":")
            .onResponseBody(SocketEffect.ShutdownConnection.INSTANCE)
            .build());
    assertThatThrownBy(() -> stats.coordinatorMonthlyStats(ORG, COORD, JAN, DEC))
        .isInstanceOfSatisfying(
            StatsException.class,
            e -> {
              assertThat(e.getCause()).isInstanceOf(SupabaseClientException.class);
              assertThat(e.statusCode()).isEmpty();
            });
  }

  @Test
  void malformedRows_becomeStatsException() {
    server.enqueue(
        json(
            "[{\"org_id\":null,\"subject_id\":\""
                + COORD
                + "\",\"activity_month\":\"2026-01-01\","
                + "\"activity_type_id\":\""
                + TALK
                + "\",\"activity_type\":\"samtale\",\"activity_count\":1,"
                + "\"total_duration_minutes\":1}]"));
    server.enqueue(json("{\"not\":\"an array\"}"));
    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> stats.coordinatorMonthlyStats(ORG, COORD, JAN, DEC))
          .isInstanceOfSatisfying(
              StatsException.class,
              e -> assertThat(e.getCause()).isInstanceOf(SupabaseClientException.class));
    }
  }

  @Test
  void async_serverFailure_completesWithStatsException() {
    server.enqueue(
        json(403, "{\"code\":\"42501\",\"message\":\"denied\",\"details\":null,\"hint\":null}"));
    assertFails(stats.coordinatorMonthlyStatsAsync(ORG, COORD, JAN, DEC), StatsException.class);
  }

  @Test
  void perCallOptions_areApplied() throws Exception {
    server.enqueue(json("[]"));
    stats.coordinatorMonthlyStats(
        ORG, COORD, JAN, DEC, RequestOptions.builder().accessToken("per-call").build());
    assertThat(take().getHeaders().get("Authorization")).isEqualTo("Bearer per-call");
  }

  private static void assertNpe(Executable call, String argument) {
    List<Throwable> thrown = new ArrayList<>();
    try {
      call.execute();
    } catch (Throwable t) {
      thrown.add(t);
    }
    assertThat(thrown)
        .singleElement()
        .isInstanceOf(NullPointerException.class)
        .extracting(Throwable::getMessage)
        .asString()
        .startsWith(argument + " ");
  }

  private static void assertFails(CompletableFuture<?> f, Class<? extends Throwable> type) {
    assertThatThrownBy(() -> f.get(5, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(type);
  }
}
