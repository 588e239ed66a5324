package no.likeperson.sdk.stats;

import static no.likeperson.sdk.stats.StatsFixture.COORD;
import static no.likeperson.sdk.stats.StatsFixture.MENTOR;
import static no.likeperson.sdk.stats.StatsFixture.ORG;
import static no.likeperson.sdk.stats.StatsFixture.OTHER_ORG;
import static no.likeperson.sdk.stats.StatsFixture.TALK;
import static no.likeperson.sdk.stats.StatsFixture.json;
import static no.likeperson.sdk.stats.StatsFixture.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.YearMonth;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import no.likeperson.sdk.core.CircuitBreakerSettings;
import no.likeperson.sdk.core.RetrySettings;
import no.likeperson.sdk.core.SupabaseClient;
import no.likeperson.sdk.core.error.UnauthorisedAccessException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The cache over the real repository on the wire: the marker request, the rows request, the guard
 * and the token's subject as part of the key (StatsCacheManagerTest covers the rules over a
 * scripted source; StatsCacheLocalTest the same against the local stack).
 */
class StatsCacheWireTest {

  @StartStop final MockWebServer server = StatsFixture.noDelayServer();

  static final StatsQuery Q =
      StatsQuery.coordinator(ORG, COORD, YearMonth.of(2026, 1), YearMonth.of(2026, 12));
  static final String ROWS = "[" + row(ORG, COORD, "2026-03-01", TALK, "samtale", 4, 180L) + "]";

  final AtomicReference<String> token = new AtomicReference<>(StatsFixture.token());
  final FakeSource.MutableClock clock = new FakeSource.MutableClock();
  SupabaseClient client;
  StatsCacheManager cache;

  @BeforeEach
  void setUp() {
    // the server has started by now (@StartStop), so it has a URL
    client =
        SupabaseClient.builder()
            .url(server.url("/").toString())
            .apiKey("sb_publishable_test_key_0001")
            .accessTokenProvider(token::get)
            .retry(RetrySettings.disabled())
            .circuitBreaker(CircuitBreakerSettings.disabled())
            .build();
    cache = StatsCacheManager.builder(StatsRepository.create(client)).clock(clock).build();
  }

  @AfterEach
  void tearDown() {
    cache.close();
    client.close();
  }

  private RecordedRequest take() throws InterruptedException {
    return StatsFixture.take(server);
  }

  @Test
  void firstRead_asksForTheMarkerThenTheRows_aSecondReadSendsNothing() throws Exception {
    server.enqueue(json("5"));
    server.enqueue(json(ROWS));
    CachedStats first = cache.get(Q);
    assertThat(first.rows())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.activityCount()).isEqualTo(4);
              assertThat(r.totalDurationMinutes()).isEqualTo(180);
              assertThat(r.month()).isEqualTo(YearMonth.of(2026, 3));
            });
    RecordedRequest marker = take();
    assertThat(marker.getMethod()).as("a read-only RPC").isEqualTo("GET");
    assertThat(marker.getUrl().encodedPath()).isEqualTo("/rest/v1/rpc/stats_change_marker");
    assertThat(marker.getUrl().queryParameter("p_org_id")).isEqualTo(ORG.toString());
    RecordedRequest rows = take();
    assertThat(rows.getUrl().encodedPath()).isEqualTo("/rest/v1/coordinator_monthly_stats");
    assertThat(rows.getUrl().queryParameterValues("coordinator_id")).containsExactly("eq." + COORD);

    clock.advance(Duration.ofSeconds(10));
    assertThat(cache.get(Q).rows()).isEqualTo(first.rows());
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void revalidation_anUnchangedMarkerSendsNoRowsRequest_aChangedOneDoes() throws Exception {
    server.enqueue(json("5"));
    server.enqueue(json(ROWS));
    cache.get(Q);
    clock.advance(Duration.ofSeconds(31));
    server.enqueue(json("5"));
    CachedStats confirmed = cache.get(Q);
    assertThat(server.getRequestCount()).isEqualTo(3);
    assertThat(confirmed.checkedAt()).isEqualTo(clock.instant());
    assertThat(confirmed.fetchedAt()).isEqualTo(clock.instant().minusSeconds(31));

    clock.advance(Duration.ofSeconds(31));
    server.enqueue(json("6"));
    server.enqueue(json("[]"));
    assertThat(cache.get(Q).rows()).isEmpty();
    assertThat(server.getRequestCount()).isEqualTo(5);
    take();
    take();
    take();
    assertThat(take().getUrl().encodedPath()).isEqualTo("/rest/v1/rpc/stats_change_marker");
    assertThat(take().getUrl().encodedPath()).isEqualTo("/rest/v1/coordinator_monthly_stats");
  }

  @Test
  void anotherUserOfTheSameClient_getsALoadOfItsOwn() throws Exception {
    server.enqueue(json("5"));
    server.enqueue(json(ROWS));
    cache.get(Q);
    token.set(StatsFixture.token(MENTOR));
    server.enqueue(json("5"));
    server.enqueue(json("[]"));
    assertThat(cache.get(Q).rows()).as("not the first user's rows").isEmpty();
    assertThat(server.getRequestCount()).isEqualTo(4);
    take();
    take();
    assertThat(take().getHeaders().get("Authorization"))
        .isEqualTo("Bearer " + StatsFixture.token(MENTOR));
  }

  @Test
  void guard_refusesAForeignOrganisation_beforeAnyRequest() {
    StatsQuery foreign =
        StatsQuery.coordinator(OTHER_ORG, COORD, YearMonth.of(2026, 1), YearMonth.of(2026, 1));
    assertThatThrownBy(() -> cache.get(foreign)).isInstanceOf(UnauthorisedAccessException.class);
    assertThat(StatsRepository.create(client).changeMarkerAsync(OTHER_ORG))
        .failsWithin(5, TimeUnit.SECONDS)
        .withThrowableThat()
        .havingRootCause()
        .isInstanceOf(UnauthorisedAccessException.class);
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void aFailedRowsRequest_isAStatsExceptionNamingTheView_andIsNotCached() throws Exception {
    server.enqueue(json("5"));
    server.enqueue(
        json(
            403,
            "{\"code\":\"42501\",\"message\":\"permission denied for view\",\"details\":null,"
                + "\"hint\":null}"));
    assertThatThrownBy(() -> cache.get(Q))
        .isInstanceOf(StatsException.class)
        .hasMessageContaining("coordinator_monthly_stats");
    assertThat(cache.size()).isZero();
    server.enqueue(json(ROWS));
    assertThat(cache.get(Q).rows()).hasSize(1);
  }

  @Test
  void guard_runsOnAHitToo() throws Exception {
    server.enqueue(json("5"));
    server.enqueue(json(ROWS));
    cache.get(Q);
    token.set(StatsFixture.token(COORD, OTHER_ORG)); // the same user, no longer in ORG
    assertThatThrownBy(() -> cache.get(Q)).isInstanceOf(UnauthorisedAccessException.class);
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void builder_refusesNull() {
    assertThatThrownBy(() -> StatsCacheManager.builder(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("repository == null");
  }
}
