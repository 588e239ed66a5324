package no.likeperson.sdk.stats;

import static no.likeperson.sdk.stats.Seed.COORD_OSLO;
import static no.likeperson.sdk.stats.Seed.COORD_TRONDHEIM;
import static no.likeperson.sdk.stats.Seed.MENTOR_MULTI;
import static no.likeperson.sdk.stats.Seed.MENTOR_OSLO;
import static no.likeperson.sdk.stats.Seed.ORG_BAERUM;
import static no.likeperson.sdk.stats.Seed.ORG_OSLO;
import static no.likeperson.sdk.stats.Seed.ORG_TRONDHEIM;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Types;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import no.likeperson.sdk.core.AccessTokenProvider;
import no.likeperson.sdk.core.SupabaseClient;
import no.likeperson.sdk.core.error.UnauthorisedAccessException;
import no.likeperson.testkit.AsUser;
import no.likeperson.testkit.LocalSupabase;
import no.likeperson.testkit.LocalSupabaseTest;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

/**
 * SDK -> HTTP -> gateway -> PostgreSQL with the real migrations, RLS and seed: the numbers equal
 * the seed's raw rows (computed in {@link Seed#expected}), the guard and RLS keep organisations
 * apart, and the month range the repository sends is an index condition.
 */
@LocalSupabaseTest(resetData = true)
class StatsRepositoryLocalTest {

  static final YearMonth JAN = YearMonth.of(2026, 1);
  static final YearMonth DEC = YearMonth.of(2026, 12);

  LocalSupabase supabase;

  @AsUser("20000000-0000-4000-8000-000000000001")
  SupabaseClient coordOslo;

  @AsUser("20000000-0000-4000-8000-000000000004")
  SupabaseClient coordTrondheim;

  @AsUser("30000000-0000-4000-8000-000000000001")
  SupabaseClient mentorOslo;

  @Test
  void coordinatorYear_equalsTheSeedsRawRows() throws Exception {
    List<StatsRow> rows =
        StatsRepository.create(coordOslo).coordinatorMonthlyStats(ORG_OSLO, COORD_OSLO, JAN, DEC);
    List<StatsRow> expected =
        Seed.expected(supabase, StatsQuery.coordinator(ORG_OSLO, COORD_OSLO, JAN, DEC), "both");
    assertThat(expected)
        .as("the seed has every month of the coordinator")
        .extracting(StatsRow::month)
        .hasSize(12)
        .doesNotHaveDuplicates();
    assertThat(rows).containsExactlyElementsOf(expected);
  }

  @Test
  void partialRange_includesBothBoundaryMonthsAndNothingElse() throws Exception {
    YearMonth mar = YearMonth.of(2026, 3);
    YearMonth may = YearMonth.of(2026, 5);
    List<StatsRow> rows =
        StatsRepository.create(coordOslo).coordinatorMonthlyStats(ORG_OSLO, COORD_OSLO, mar, may);
    assertThat(rows)
        .extracting(StatsRow::month)
        .containsOnly(mar, YearMonth.of(2026, 4), may)
        .contains(mar, may);
    assertThat(rows)
        .containsExactlyElementsOf(
            Seed.expected(
                supabase, StatsQuery.coordinator(ORG_OSLO, COORD_OSLO, mar, may), "both"));
  }

  @Test
  void peerMentor_asCoordinatorAndAsTheMentor_equalsTheSeed_perChapter() throws Exception {
    StatsQuery multiOslo = StatsQuery.peerMentor(ORG_OSLO, MENTOR_MULTI, JAN, DEC);
    assertThat(
            StatsRepository.create(coordOslo)
                .peerMentorMonthlyStats(ORG_OSLO, MENTOR_MULTI, JAN, DEC))
        .containsExactlyElementsOf(Seed.expected(supabase, multiOslo, "both"));
    // the multi-chapter mentor's Bærum activities are not in the Oslo numbers
    assertThat(
            Seed.expected(
                supabase, StatsQuery.peerMentor(ORG_BAERUM, MENTOR_MULTI, JAN, DEC), "both"))
        .isNotEmpty();
    StatsQuery own = StatsQuery.peerMentor(ORG_OSLO, MENTOR_OSLO, JAN, DEC);
    assertThat(
            StatsRepository.create(mentorOslo)
                .peerMentorMonthlyStats(ORG_OSLO, MENTOR_OSLO, JAN, DEC))
        .isNotEmpty()
        .containsExactlyElementsOf(Seed.expected(supabase, own, "both"));
  }

  @Test
  void directAndProxyActivities_areEachCountedOnce() throws Exception {
    StatsQuery q = StatsQuery.peerMentor(ORG_OSLO, MENTOR_OSLO, JAN, DEC);
    long direct = total(Seed.expected(supabase, q, "direct"));
    long proxy = total(Seed.expected(supabase, q, "proxy"));
    assertThat(direct).isPositive();
    assertThat(proxy).isPositive();
    List<StatsRow> rows =
        StatsRepository.create(coordOslo).peerMentorMonthlyStats(ORG_OSLO, MENTOR_OSLO, JAN, DEC);
    assertThat(total(rows)).isEqualTo(direct + proxy);
    assertThat(StatsSeries.of(q, rows).total().activityCount()).isEqualTo(direct + proxy);
  }

  @Test
  void async_returnsTheSameRows() throws Exception {
    StatsRepository stats = StatsRepository.create(coordOslo);
    assertThat(
            stats
                .coordinatorMonthlyStatsAsync(ORG_OSLO, COORD_OSLO, JAN, DEC)
                .get(30, TimeUnit.SECONDS))
        .isEqualTo(stats.coordinatorMonthlyStats(ORG_OSLO, COORD_OSLO, JAN, DEC));
  }

  @Test
  void coordinatorOfAnotherOrganisation_isRefusedByTheGuard() {
    StatsRepository stats = StatsRepository.create(coordTrondheim);
    assertThatThrownBy(() -> stats.coordinatorMonthlyStats(ORG_OSLO, COORD_OSLO, JAN, DEC))
        .isInstanceOf(UnauthorisedAccessException.class);
    assertThatThrownBy(() -> stats.peerMentorMonthlyStats(ORG_OSLO, MENTOR_OSLO, JAN, DEC))
        .isInstanceOf(UnauthorisedAccessException.class);
    // and its own organisation works (the refusal is about the organisation, not the user)
    assertThat(stats.coordinatorMonthlyStats(ORG_TRONDHEIM, COORD_TRONDHEIM, JAN, DEC))
        .isNotEmpty();
  }

  @Test
  void coordinatorOfAnotherOrganisation_withTheGuardBypassed_getsNoRowsFromTheServer()
      throws Exception {
    // the repository's exact query, sent with raw sdk-core calls (no guard)
    for (StatsQuery q :
        List.of(
            StatsQuery.coordinator(ORG_OSLO, COORD_OSLO, JAN, DEC),
            StatsQuery.peerMentor(ORG_OSLO, MENTOR_OSLO, JAN, DEC))) {
      assertThat(Seed.expected(supabase, q, "both")).as("rows exist").isNotEmpty();
      List<JsonNode> raw =
          coordTrondheim
              .from(q.subject().view)
              .select(WireRow.select(q.subject().column))
              .eq("org_id", q.orgId())
              .eq(q.subject().column, q.subjectId())
              .gte("activity_month", q.from().atDay(1))
              .lte("activity_month", q.to().atDay(1))
              .list(JsonNode.class);
      assertThat(raw).as(q.subject().view + " across organisations").isEmpty();
    }
  }

  /**
   * The request the repository sends (captured on the wire) translated to SQL the way PostgREST
   * binds filters (untyped parameters), explained as the coordinator under RLS: the month range is
   * part of the index condition of the (org_id, coordinator_id, activity_month) index on both base
   * tables.
   */
  @Test
  void theRepositorysQuery_hasTheMonthRangeAsAnIndexCondition() throws Exception {
    List<HttpUrl> sent = new ArrayList<>();
    OkHttpClient http =
        new OkHttpClient.Builder()
            .addInterceptor(
                chain -> {
                  sent.add(chain.request().url());
                  return chain.proceed(chain.request());
                })
            .build();
    try (SupabaseClient client =
        SupabaseClient.builder()
            .url(supabase.apiUrl())
            .apiKey(supabase.anonKey())
            .accessTokenProvider(AccessTokenProvider.of(supabase.tokenFor(COORD_OSLO)))
            .okHttpClient(http)
            .build()) {
      StatsRepository.create(client)
          .coordinatorMonthlyStats(
              ORG_OSLO, COORD_OSLO, YearMonth.of(2026, 3), YearMonth.of(2026, 5));
    }
    http.dispatcher().executorService().shutdown();
    assertThat(sent).hasSize(1);
    HttpUrl url = sent.get(0);
    StringBuilder sql =
        new StringBuilder("select * from public.")
            .append(url.pathSegments().get(url.pathSegments().size() - 1))
            .append(" where true");
    List<String> values = new ArrayList<>();
    for (String name : url.queryParameterNames()) {
      if (List.of("select", "order").contains(name)) {
        continue;
      }
      for (String f : url.queryParameterValues(name)) {
        String op = f.substring(0, f.indexOf('.'));
        String sqlOp = Map.of("eq", "=", "gte", ">=", "lte", "<=").get(op);
        assertThat(sqlOp).as("filter " + name + "=" + f).isNotNull();
        sql.append(" and \"").append(name).append("\" ").append(sqlOp).append(" ?");
        values.add(f.substring(f.indexOf('.') + 1));
      }
    }
    sql.append(" order by ").append(url.queryParameter("order").replace(".asc", " asc"));
    String claims = Seed.JSON.writeValueAsString(supabase.claimsFor(COORD_OSLO));
    String plan;
    try (Connection c = Seed.jdbc(supabase)) {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        // on a few hundred rows the planner may as well take the single-column FK index on
        // coordinator_id (or a sequential scan): hide those in this rolled-back transaction, so the
        // plan shows whether the request's predicates can be conditions of the composite index,
        // which is the plan at realistic sizes (QueryPlanTest on generated data, StatsBenchmark)
        s.execute("drop index public.activities_coordinator_id_idx");
        s.execute("drop index public.proxy_activities_coordinator_id_idx");
        s.execute("set local enable_seqscan = off");
        s.execute("set local role authenticated");
      }
      try (PreparedStatement ps =
          c.prepareStatement("select set_config('request.jwt.claims', ?, true)")) {
        ps.setString(1, claims);
        ps.executeQuery().close();
      }
      try (PreparedStatement ps = c.prepareStatement("explain (format json) " + sql)) {
        for (int i = 0; i < values.size(); i++) {
          ps.setObject(i + 1, values.get(i), Types.OTHER);
        }
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          plan = rs.getString(1);
        }
      }
      c.rollback();
    }
    List<JsonNode> scans = new ArrayList<>();
    collect(Seed.JSON.readTree(plan).get(0).get("Plan"), scans);
    for (String table : List.of("activities", "proxy_activities")) {
      assertThat(scans)
          .as("index scan of " + table + " in " + plan)
          .anySatisfy(
              n -> {
                assertThat(n.path("Index Name").asText())
                    .isEqualTo(table + "_org_id_coordinator_id_activity_month_idx");
                assertThat(n.path("Index Cond").asText())
                    .contains("activity_month >=")
                    .contains("activity_month <=")
                    .contains("org_id =")
                    .contains("coordinator_id =");
              });
    }
  }

  private static void collect(JsonNode plan, List<JsonNode> out) {
    if (plan.has("Index Cond")) {
      out.add(plan);
    }
    for (JsonNode child : plan.path("Plans")) {
      collect(child, out);
    }
  }

  private static long total(List<StatsRow> rows) {
    return rows.stream().mapToLong(StatsRow::activityCount).sum();
  }
}
