package no.likeperson.sdk.stats;

import static no.likeperson.sdk.stats.Seed.COORD_OSLO;
import static no.likeperson.sdk.stats.Seed.MENTOR_OSLO;
import static no.likeperson.sdk.stats.Seed.ORG_OSLO;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import no.likeperson.sdk.core.AccessTokenProvider;
import no.likeperson.sdk.core.SupabaseClient;
import no.likeperson.sdk.core.event.ActivityChanged;
import no.likeperson.testkit.LocalSupabase;
import no.likeperson.testkit.LocalSupabaseTest;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The cache on the local stack, with two devices (two clients of the same coordinator): a write on
 * one becomes visible through the other's cache within the revalidation interval (clock moved by
 * the test), a check that finds no change transfers no rows, and a change event on the same client
 * refreshes at once. Expected numbers come from the raw rows ({@link Seed#expected}).
 */
@LocalSupabaseTest(resetData = true)
class StatsCacheLocalTest {

  static final StatsQuery YEAR =
      StatsQuery.coordinator(ORG_OSLO, COORD_OSLO, YearMonth.of(2026, 1), YearMonth.of(2026, 12));

  LocalSupabase supabase;

  final List<String> sentByA = new CopyOnWriteArrayList<>();
  final FakeSource.MutableClock clock = new FakeSource.MutableClock();
  OkHttpClient http;
  SupabaseClient deviceA;
  SupabaseClient deviceB;
  StatsCacheManager cacheA;

  @BeforeEach
  void devices() {
    http =
        new OkHttpClient.Builder()
            .addInterceptor(
                chain -> {
                  sentByA.add(chain.request().url().encodedPath());
                  return chain.proceed(chain.request());
                })
            .build();
    deviceA =
        SupabaseClient.builder()
            .url(supabase.apiUrl())
            .apiKey(supabase.anonKey())
            .accessTokenProvider(AccessTokenProvider.of(supabase.tokenFor(COORD_OSLO)))
            .okHttpClient(http)
            .build();
    deviceB = supabase.clientFor(COORD_OSLO);
    cacheA = StatsCacheManager.builder(StatsRepository.create(deviceA)).clock(clock).build();
  }

  @AfterEach
  void close() {
    cacheA.close();
    deviceA.close();
    deviceB.close();
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }

  private void insertProxyActivity(SupabaseClient client, LocalDate date) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("coordinator_id", COORD_OSLO);
    row.put("attributed_mentor_id", MENTOR_OSLO);
    row.put("org_id", ORG_OSLO);
    row.put("activity_type", "samtale");
    row.put("date", date.toString());
    row.put("duration_minutes", 30);
    client.from("proxy_activities").insert(row).execute();
  }

  private long views() {
    return sentByA.stream().filter(p -> p.endsWith("/coordinator_monthly_stats")).count();
  }

  private long markers() {
    return sentByA.stream().filter(p -> p.endsWith("/rpc/stats_change_marker")).count();
  }

  @Test
  void aWriteOnAnotherDevice_isVisibleWithinTheRevalidationInterval() throws Exception {
    CachedStats before = cacheA.get(YEAR);
    assertThat(before.rows()).containsExactlyElementsOf(Seed.expected(supabase, YEAR, "both"));

    insertProxyActivity(deviceB, LocalDate.of(2026, 6, 20)); // device A hears no event
    clock.advance(Duration.ofSeconds(10));
    assertThat(cacheA.get(YEAR).rows())
        .as("within the interval: still the cached rows")
        .isEqualTo(before.rows());

    clock.advance(Duration.ofSeconds(20)); // 30 s after the fetch
    CachedStats after = cacheA.get(YEAR);
    List<StatsRow> expected = Seed.expected(supabase, YEAR, "both");
    assertThat(after.rows()).containsExactlyElementsOf(expected).isNotEqualTo(before.rows());
    assertThat(StatsSeries.of(YEAR, after.rows()).total().activityCount())
        .isEqualTo(StatsSeries.of(YEAR, before.rows()).total().activityCount() + 1);
    assertThat(after.fetchedAt()).isEqualTo(clock.instant());
    assertThat(views()).isEqualTo(2);
  }

  @Test
  void aCheckThatFindsNoChange_transfersNoRows() {
    CachedStats first = cacheA.get(YEAR);
    assertThat(views()).isOne();
    assertThat(markers()).isOne();
    clock.advance(Duration.ofSeconds(31));
    CachedStats second = cacheA.get(YEAR);
    assertThat(markers()).isEqualTo(2);
    assertThat(views()).as("no rows requested").isOne();
    assertThat(second.rows()).isEqualTo(first.rows());
    assertThat(second.checkedAt()).isEqualTo(clock.instant());
    assertThat(sentByA).hasSize(3);
  }

  @Test
  void aChangeEventOnTheSameClient_refreshesAtOnce() throws Exception {
    cacheA.get(YEAR);
    insertProxyActivity(deviceA, LocalDate.of(2026, 9, 9));
    deviceA
        .changeEvents()
        .publish(new ActivityChanged(ORG_OSLO, MENTOR_OSLO, COORD_OSLO, LocalDate.of(2026, 9, 9)));
    assertThat(cacheA.get(YEAR).rows())
        .containsExactlyElementsOf(Seed.expected(supabase, YEAR, "both"));
    assertThat(views()).isEqualTo(2);
  }
}
