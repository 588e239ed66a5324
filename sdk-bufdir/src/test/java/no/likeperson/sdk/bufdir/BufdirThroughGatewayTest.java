package no.likeperson.sdk.bufdir;

import static no.likeperson.supabase.SeedData.ACTIVITY_YEAR_END;
import static no.likeperson.supabase.SeedData.ACTIVITY_YEAR_START;
import static no.likeperson.supabase.SeedData.COORD_BERGEN;
import static no.likeperson.supabase.SeedData.COORD_OSLO;
import static no.likeperson.supabase.SeedData.MENTOR_BERGEN;
import static no.likeperson.supabase.SeedData.MENTOR_MULTI;
import static no.likeperson.supabase.SeedData.MENTOR_OSLO;
import static no.likeperson.supabase.SeedData.ORG_BAERUM;
import static no.likeperson.supabase.SeedData.ORG_BERGEN;
import static no.likeperson.supabase.SeedData.ORG_OSLO;
import static no.likeperson.supabase.SeedData.ORG_REGION_OST;
import static no.likeperson.supabase.SeedData.ORG_TRONDHEIM;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import no.likeperson.sdk.core.AccessTokenProvider;
import no.likeperson.sdk.core.CircuitBreakerSettings;
import no.likeperson.sdk.core.RetrySettings;
import no.likeperson.sdk.core.SupabaseClient;
import no.likeperson.sdk.core.error.PermissionDeniedException;
import no.likeperson.sdk.core.error.UnauthorisedAccessException;
import no.likeperson.sdk.core.event.ActivityChanged;
import no.likeperson.sdk.core.event.ChangeEvent;
import no.likeperson.testkit.AsUser;
import no.likeperson.testkit.LocalSupabase;
import no.likeperson.testkit.LocalSupabaseTest;
import okhttp3.OkHttpClient;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/**
 * SDK -> HTTP -> gateway -> PostgreSQL with the real migrations, RLS and seed. Expected numbers are
 * computed here from the seed's raw rows by the superuser over JDBC, never copied from the RPC.
 */
@LocalSupabaseTest(resetData = true)
class BufdirThroughGatewayTest {

  LocalSupabase supabase;

  /** The first row of a superuser query. */
  Object[] sql(String query, Object... args) throws Exception {
    try (Connection c =
            DriverManager.getConnection(
                supabase.jdbcUrl(), supabase.databaseUser(), supabase.databasePassword());
        PreparedStatement ps = c.prepareStatement(query)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        Object[] row = new Object[rs.getMetaData().getColumnCount()];
        for (int i = 0; i < row.length; i++) {
          row[i] = rs.getObject(i + 1);
        }
        return row;
      }
    }
  }

  /** Direct and proxy rows of the given organisations in the period, as one relation. */
  static final String ROWS =
      "(select org_id, peer_mentor_id as mentor, session_count as sessions, duration_minutes"
          + " as minutes, 0 as proxy from public.activities where org_id = any (?) and activity_date between ? and ?"
          + " union all select org_id, attributed_mentor_id, 1, duration_minutes, 1 from public.proxy_activities"
          + " where org_id = any (?) and date between ? and ?) r";

  /**
   * {mentors, sessions, minutes, activities, proxies, without duration} computed from the raw rows.
   */
  BufdirTotals expectedTotals(UUID[] orgs, LocalDate from, LocalDate to) throws Exception {
    Object[] r =
        sql(
            "select count(distinct mentor), coalesce(sum(sessions), 0), coalesce(sum(minutes), 0),"
                + " count(*), coalesce(sum(proxy), 0), count(*) filter (where minutes is null) from "
                + ROWS,
            orgs,
            from,
            to,
            orgs,
            from,
            to);
    return new BufdirTotals(
        ((Number) r[0]).longValue(),
        ((Number) r[1]).longValue(),
        ((Number) r[2]).longValue(),
        ((Number) r[3]).longValue(),
        ((Number) r[4]).longValue(),
        ((Number) r[5]).longValue());
  }

  // ---- aggregation ----

  @Test
  void chapterYear_totalsEqualTheRawRows(
      @AsUser("20000000-0000-4000-8000-000000000001") SupabaseClient coordOslo) throws Exception {
    BufdirPayload p =
        ActivityAggregationService.create(coordOslo)
            .aggregateActivities(
                ORG_OSLO, ACTIVITY_YEAR_START, ACTIVITY_YEAR_END, ScopeLevel.CHAPTER);
    assertThat(p.totals())
        .isEqualTo(expectedTotals(new UUID[] {ORG_OSLO}, ACTIVITY_YEAR_START, ACTIVITY_YEAR_END));
    assertThat(p.totals().activityCount()).isPositive();
    // per mentor: sessions of mentor.oslo from the raw rows
    Object[] oslo =
        sql(
            "select coalesce(sum(sessions), 0), count(*) from " + ROWS + " where mentor = ?",
            new UUID[] {ORG_OSLO},
            ACTIVITY_YEAR_START,
            ACTIVITY_YEAR_END,
            new UUID[] {ORG_OSLO},
            ACTIVITY_YEAR_START,
            ACTIVITY_YEAR_END,
            MENTOR_OSLO);
    BufdirPeerMentorRecord r =
        p.peerMentorRecords().stream()
            .filter(m -> m.peerMentorId().equals(MENTOR_OSLO))
            .findFirst()
            .orElseThrow();
    assertThat(r.sessionCount()).isEqualTo(((Number) oslo[0]).longValue());
    assertThat(r.activityCount()).isEqualTo(((Number) oslo[1]).longValue());
    assertThat(r.fullName())
        .isEqualTo(sql("select full_name from public.users where id = ?", MENTOR_OSLO)[0]);
    // every breakdown carries its code and name from the dictionary
    r.activityTypes().forEach(b -> assertThat(b.code()).isNotBlank());
    assertThat(
            r.activityTypes().stream().mapToLong(BufdirActivityTypeBreakdown::activityCount).sum())
        .isEqualTo(r.activityCount());
  }

  @Test
  void region_countsTheMultiChapterMentorOnce_andListsIt(
      @AsUser("10000000-0000-4000-8000-000000000002") SupabaseClient adminOst) throws Exception {
    UUID[] ost = {ORG_REGION_OST, ORG_OSLO, ORG_BAERUM};
    BufdirPayload p =
        ActivityAggregationService.create(adminOst)
            .aggregateActivities(
                ORG_REGION_OST, ACTIVITY_YEAR_START, ACTIVITY_YEAR_END, ScopeLevel.REGION);
    assertThat(p.totals()).isEqualTo(expectedTotals(ost, ACTIVITY_YEAR_START, ACTIVITY_YEAR_END));
    assertThat(p.peerMentorRecords().stream().filter(m -> m.peerMentorId().equals(MENTOR_MULTI)))
        .hasSize(1);
    assertThat(p.multiChapterMentors())
        .extracting(BufdirMultiChapterMentor::peerMentorId)
        .contains(MENTOR_MULTI);
    assertThat(
            p.multiChapterMentors().stream()
                .filter(m -> m.peerMentorId().equals(MENTOR_MULTI))
                .findFirst()
                .orElseThrow()
                .organisationIds())
        .containsExactlyInAnyOrder(ORG_OSLO, ORG_BAERUM);
    // persons, not memberships: the sum over both chapters is larger by the multi-chapter mentors
    long perChapter =
        ((Number)
                sql(
                    "select count(*) from (select distinct org_id, mentor from " + ROWS + ") x",
                    ost,
                    ACTIVITY_YEAR_START,
                    ACTIVITY_YEAR_END,
                    ost,
                    ACTIVITY_YEAR_START,
                    ACTIVITY_YEAR_END)[0])
            .longValue();
    assertThat(perChapter - p.totals().peerMentorCount())
        .isGreaterThanOrEqualTo(p.multiChapterMentors().size());
  }

  @Test
  void streamedRecords_equalThePayload(
      @AsUser("10000000-0000-4000-8000-000000000002") SupabaseClient adminOst) {
    ActivityAggregationService service = ActivityAggregationService.create(adminOst);
    List<BufdirPeerMentorRecord> records = new ArrayList<>();
    BufdirSummary s =
        service.streamActivities(
            ORG_REGION_OST,
            ACTIVITY_YEAR_START,
            ACTIVITY_YEAR_END,
            ScopeLevel.REGION,
            records::add);
    assertThat(BufdirPayload.of(s, records))
        .isEqualTo(
            service.aggregateActivities(
                ORG_REGION_OST, ACTIVITY_YEAR_START, ACTIVITY_YEAR_END, ScopeLevel.REGION));
  }

  @Test
  void proxyActivities_countForTheMentorTheyAreAttributedTo(
      @AsUser("20000000-0000-4000-8000-000000000003") SupabaseClient coordBergen) throws Exception {
    BufdirPayload p =
        ActivityAggregationService.create(coordBergen)
            .aggregateActivities(
                ORG_BERGEN, ACTIVITY_YEAR_START, ACTIVITY_YEAR_END, ScopeLevel.CHAPTER);
    long proxies =
        ((Number)
                sql(
                    "select count(*) from public.proxy_activities where org_id = ? and"
                        + " attributed_mentor_id = ? and date between ? and ?",
                    ORG_BERGEN,
                    MENTOR_BERGEN,
                    ACTIVITY_YEAR_START,
                    ACTIVITY_YEAR_END)[0])
            .longValue();
    assertThat(proxies).isPositive();
    assertThat(
            p.peerMentorRecords().stream()
                .filter(m -> m.peerMentorId().equals(MENTOR_BERGEN))
                .findFirst()
                .orElseThrow()
                .proxyActivityCount())
        .isEqualTo(proxies);
    assertThat(p.peerMentorRecords()).noneMatch(m -> m.peerMentorId().equals(COORD_BERGEN));
  }

  @Test
  void emptyPeriod_isAnEmptyPayload(
      @AsUser("20000000-0000-4000-8000-000000000001") SupabaseClient coordOslo) {
    BufdirPayload p =
        ActivityAggregationService.create(coordOslo)
            .aggregateActivities(
                ORG_OSLO, LocalDate.of(2031, 1, 1), LocalDate.of(2031, 12, 31), ScopeLevel.CHAPTER);
    assertThat(p.isEmpty()).isTrue();
    assertThat(p.totals()).isEqualTo(BufdirTotals.ZERO);
  }

  @Test
  void setForm_isTheScalarDocument_asAnArrayOfOne(
      @AsUser("20000000-0000-4000-8000-000000000001") SupabaseClient coordOslo) {
    Map<String, Object> args =
        Map.of(
            "p_org_id",
            ORG_OSLO,
            "p_period_start",
            ACTIVITY_YEAR_START.toString(),
            "p_period_end",
            ACTIVITY_YEAR_END.toString(),
            "p_scope",
            "chapter");
    List<JsonNode> set =
        coordOslo.rpc(ActivityAggregationService.FUNCTION, args).list(JsonNode.class);
    JsonNode scalar = coordOslo.rpc("aggregate_activities_for_org", args).single(JsonNode.class);
    assertThat(set).containsExactly(scalar);
    assertThat(scalar.get("peer_mentor_records").size()).isPositive();
  }

  @Test
  void anotherOrganisation_isRefusedByTheGuard_andWithTheGuardBypassed_byTheServer(
      @AsUser("20000000-0000-4000-8000-000000000001") SupabaseClient coordOslo) {
    assertThatThrownBy(
            () ->
                ActivityAggregationService.create(coordOslo)
                    .aggregateActivities(
                        ORG_TRONDHEIM, ACTIVITY_YEAR_START, ACTIVITY_YEAR_END, ScopeLevel.CHAPTER))
        .isInstanceOf(UnauthorisedAccessException.class);
    // the same call as raw sdk-core, no guard: the database refuses
    assertThatThrownBy(
            () ->
                coordOslo
                    .rpc(
                        ActivityAggregationService.FUNCTION,
                        Map.of(
                            "p_org_id",
                            ORG_TRONDHEIM,
                            "p_period_start",
                            ACTIVITY_YEAR_START.toString(),
                            "p_period_end",
                            ACTIVITY_YEAR_END.toString(),
                            "p_scope",
                            "chapter"))
                    .single(JsonNode.class))
        .isInstanceOfSatisfying(
            PermissionDeniedException.class, e -> assertThat(e.code()).isEqualTo("42501"));
  }

  // ---- proxy registration ----

  /** A coordinator's client whose first proxy write reaches the database but loses its response. */
  SupabaseClient losingFirstResponse(UUID user, AtomicInteger attempts) {
    OkHttpClient http =
        new OkHttpClient.Builder()
            .addInterceptor(
                chain -> {
                  Response response = chain.proceed(chain.request());
                  if (chain.request().method().equals("POST")
                      && chain.request().url().encodedPath().endsWith("/proxy_activities")
                      && attempts.getAndIncrement() == 0) {
                    response.close();
                    throw new IOException(
                        "connection reset after the request was handled (simulated)");
                  }
                  return response;
                })
            .build();
    return SupabaseClient.builder()
        .url(supabase.apiUrl())
        .apiKey(supabase.anonKey())
        .accessTokenProvider(AccessTokenProvider.of(supabase.tokenFor(user)))
        .okHttpClient(http)
        .retry(RetrySettings.noWait())
        .circuitBreaker(CircuitBreakerSettings.disabled())
        .build();
  }

  @Test
  void aRegistrationRetriedAfterALostResponse_isStoredOnce_attributedToTheMentor()
      throws Exception {
    AtomicInteger attempts = new AtomicInteger();
    try (SupabaseClient coordOslo = losingFirstResponse(COORD_OSLO, attempts)) {
      List<ChangeEvent> events = new ArrayList<>();
      coordOslo.changeEvents().subscribe(events::add);
      NewProxyActivity a =
          NewProxyActivity.of(ORG_OSLO, MENTOR_OSLO, "samtale", LocalDate.of(2026, 5, 20), 50);
      ProxyActivity stored = ProxyActivityRepository.create(coordOslo).register(a);

      assertThat(attempts).hasValue(2);
      assertThat(stored.id()).isEqualTo(a.id());
      assertThat(stored.coordinatorId()).isEqualTo(COORD_OSLO);
      assertThat(stored.attributedMentorId()).isEqualTo(MENTOR_OSLO);
      assertThat(sql("select count(*) from public.proxy_activities where id = ?", a.id())[0])
          .isEqualTo(1L);
      assertThat(
              sql(
                  "select count(*) from public.proxy_audit_log where proxy_activity_id = ?",
                  a.id())[0])
          .isEqualTo(1L);
      assertThat(events)
          .containsExactly(new ActivityChanged(ORG_OSLO, MENTOR_OSLO, COORD_OSLO, a.date()));
      // and the aggregation counts it for the mentor
      BufdirPeerMentorRecord r =
          ActivityAggregationService.create(coordOslo)
              .aggregateActivities(ORG_OSLO, a.date(), a.date(), ScopeLevel.CHAPTER)
              .peerMentorRecords()
              .stream()
              .filter(m -> m.peerMentorId().equals(MENTOR_OSLO))
              .findFirst()
              .orElseThrow();
      assertThat(r.proxyActivityCount())
          .isEqualTo(
              ((Number)
                      sql(
                          "select count(*) from public.proxy_activities"
                              + " where org_id = ? and attributed_mentor_id = ? and date = ?",
                          ORG_OSLO,
                          MENTOR_OSLO,
                          a.date())[0])
                  .longValue());
    }
  }

  @Test
  void aMentorOfAnotherOrganisation_isRefusedByTheDatabase_withTheRuleNamed(
      @AsUser("20000000-0000-4000-8000-000000000001") SupabaseClient coordOslo) throws Exception {
    NewProxyActivity a =
        NewProxyActivity.of(ORG_OSLO, MENTOR_BERGEN, "samtale", LocalDate.of(2026, 5, 21), 30);
    assertThatThrownBy(() -> ProxyActivityRepository.create(coordOslo).register(a))
        .isInstanceOfSatisfying(
            BufdirException.class,
            e -> {
              assertThat(e.rule()).contains("proxy_activities_same_org_attribution");
              assertThat(e.getMessage()).contains("must be a peer mentor");
            });
    assertThat(sql("select count(*) from public.proxy_activities where id = ?", a.id())[0])
        .isEqualTo(0L);
  }

  @Test
  void aBatch_isAllOrNothing(
      @AsUser("20000000-0000-4000-8000-000000000001") SupabaseClient coordOslo) throws Exception {
    ProxyActivityRepository proxies = ProxyActivityRepository.create(coordOslo);
    NewProxyActivity good =
        NewProxyActivity.of(ORG_OSLO, MENTOR_OSLO, "samtale", LocalDate.of(2026, 6, 2), 90);
    NewProxyActivity bad = good.forMentor(MENTOR_BERGEN);
    assertThatThrownBy(() -> proxies.registerAll(List.of(good, bad)))
        .isInstanceOf(BufdirException.class);
    assertThat(
            sql(
                "select count(*) from public.proxy_activities where id in (?, ?)",
                good.id(),
                bad.id())[0])
        .isEqualTo(0L);

    NewProxyActivity multi = good.forMentor(MENTOR_MULTI);
    List<ProxyActivity> stored = proxies.registerAll(List.of(good, multi));
    assertThat(stored)
        .extracting(ProxyActivity::attributedMentorId)
        .containsExactly(MENTOR_OSLO, MENTOR_MULTI);
    // sent again (a caller's retry): nothing new, the same rows come back
    assertThat(proxies.registerAll(List.of(good, multi)))
        .extracting(ProxyActivity::id)
        .containsExactly(good.id(), multi.id());
    assertThat(
            sql(
                "select count(*) from public.proxy_activities where id in (?, ?)",
                good.id(),
                multi.id())[0])
        .isEqualTo(2L);
  }

  @Test
  void updateDeleteAndTheAuditTrail(
      @AsUser("20000000-0000-4000-8000-000000000001") SupabaseClient coordOslo,
      @AsUser("20000000-0000-4000-8000-000000000002") SupabaseClient coordBaerum)
      throws Exception {
    ProxyActivityRepository proxies = ProxyActivityRepository.create(coordOslo);
    ProxyActivity a =
        proxies.register(
            NewProxyActivity.of(ORG_OSLO, MENTOR_MULTI, "samtale", LocalDate.of(2026, 7, 1), 30));
    // another coordinator cannot change it
    assertThat(
            ProxyActivityRepository.create(coordBaerum)
                .update(a.id(), ProxyActivityUpdate.empty().withNotes("x")))
        .isEmpty();
    ProxyActivity changed =
        proxies.update(a.id(), ProxyActivityUpdate.empty().withDurationMinutes(75)).orElseThrow();
    assertThat(changed.durationMinutes()).isEqualTo(75);
    assertThat(sql("select duration_minutes from public.proxy_activities where id = ?", a.id())[0])
        .isEqualTo(75);
    assertThat(proxies.delete(a.id())).isTrue();
    assertThat(proxies.delete(a.id())).isFalse();
    assertThat(proxies.auditTrail(a.id()))
        .extracting(ProxyAuditEntry::action)
        .containsExactly(
            ProxyAuditEntry.Action.INSERT,
            ProxyAuditEntry.Action.UPDATE,
            ProxyAuditEntry.Action.DELETE);
    assertThat(proxies.auditTrail(a.id()).get(1).row().durationMinutes()).isEqualTo(75);
  }

  @Test
  void listByMentor_pagesTheRowsOfThePeriod(
      @AsUser("20000000-0000-4000-8000-000000000001") SupabaseClient coordOslo) throws Exception {
    long total =
        ((Number)
                sql(
                    "select count(*) from public.proxy_activities where org_id = ? and"
                        + " attributed_mentor_id = ? and date between ? and ?",
                    ORG_OSLO,
                    MENTOR_OSLO,
                    ACTIVITY_YEAR_START,
                    ACTIVITY_YEAR_END)[0])
            .longValue();
    var page =
        ProxyActivityRepository.create(coordOslo)
            .listByMentor(ORG_OSLO, MENTOR_OSLO, ACTIVITY_YEAR_START, ACTIVITY_YEAR_END, 0, 1);
    assertThat(page.total()).hasValue(total);
    assertThat(page.rows()).hasSize((int) Math.min(1, total));
    page.rows().forEach(r -> assertThat(r.attributedMentorId()).isEqualTo(MENTOR_OSLO));
  }

  @Test
  void anotherOrganisationsProxies_areUnreachable(
      @AsUser("20000000-0000-4000-8000-000000000001") SupabaseClient coordOslo) {
    assertThatThrownBy(
            () ->
                ProxyActivityRepository.create(coordOslo)
                    .listByOrg(ORG_BERGEN, ACTIVITY_YEAR_START, ACTIVITY_YEAR_END, 0, 10))
        .isInstanceOf(UnauthorisedAccessException.class);
    // guard bypassed: RLS shows nothing
    assertThat(
            coordOslo
                .from("proxy_activities")
                .select("id")
                .eq("org_id", ORG_BERGEN)
                .list(JsonNode.class))
        .isEmpty();
  }
}
