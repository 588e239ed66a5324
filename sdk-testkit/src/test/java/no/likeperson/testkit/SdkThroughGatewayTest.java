package no.likeperson.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import no.likeperson.sdk.core.AccessTokenProvider;
import no.likeperson.sdk.core.CountMode;
import no.likeperson.sdk.core.Page;
import no.likeperson.sdk.core.RequestOptions;
import no.likeperson.sdk.core.SupabaseClient;
import no.likeperson.sdk.core.error.AuthenticationException;
import no.likeperson.sdk.core.error.ConflictException;
import no.likeperson.sdk.core.error.NotExactlyOneRowException;
import no.likeperson.sdk.core.error.NotFoundException;
import no.likeperson.sdk.core.error.PermissionDeniedException;
import no.likeperson.sdk.core.error.SupabaseServiceException;
import no.likeperson.sdk.core.error.ValidationException;
import no.likeperson.supabase.SeedData;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * The whole path the SDK takes in production, locally: {@code SupabaseClient} -> HTTP -> gateway ->
 * PostgreSQL with the real migrations, RLS and seed. Expected numbers are computed by the superuser
 * over JDBC (bypassing RLS) with an independent query, never hard-coded.
 */
@LocalSupabaseTest(resetData = true)
class SdkThroughGatewayTest {

  static final ObjectMapper JSON = new ObjectMapper();

  LocalSupabase supabase;

  record ActivityRow(UUID id, @JsonProperty("org_id") UUID orgId) {}

  /** The call fails with {@code type}, that HTTP status and that PostgREST code or SQLSTATE. */
  static <E extends SupabaseServiceException> void assertFails(
      ThrowingCallable call, Class<E> type, int status, String code) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            type,
            e -> {
              assertThat(e.statusCode()).isEqualTo(status);
              assertThat(e.code()).isEqualTo(code);
            });
  }

  /** As {@link #assertFails}, and {@code activities} holds as many rows afterwards as before. */
  <E extends SupabaseServiceException> void assertInsertRefused(
      ThrowingCallable call, Class<E> type, int status, String code) throws Exception {
    long before = sql("select count(*) from public.activities");
    assertFails(call, type, status, code);
    assertThat(sql("select count(*) from public.activities")).isEqualTo(before);
  }

  long sql(String query, Object... args) throws Exception {
    try (Connection c =
            DriverManager.getConnection(
                supabase.jdbcUrl(), supabase.databaseUser(), supabase.databasePassword());
        PreparedStatement ps = c.prepareStatement(query)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  Map<String, Object> newActivity(UUID org, UUID mentor, UUID coordinator, UUID type) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("id", UUID.randomUUID());
    row.put("org_id", org);
    row.put("peer_mentor_id", mentor);
    row.put("coordinator_id", coordinator);
    row.put("activity_type_id", type);
    row.put("activity_date", "2026-06-15");
    row.put("duration_minutes", 60);
    row.put("session_count", 1);
    row.put("participant_count", 1);
    return row;
  }

  // ---- reads under RLS ----

  @Test
  void coordinator_listsOnlyOwnOrganisationsActivities(
      @AsUser(SeedUsers.COORD_OSLO) SupabaseClient coordOslo) throws Exception {
    List<ActivityRow> rows =
        coordOslo.from("activities").select("id,org_id").list(ActivityRow.class);

    long inOslo = sql("select count(*) from public.activities where org_id = ?", SeedData.ORG_OSLO);
    long everywhere = sql("select count(*) from public.activities");
    assertThat(inOslo).as("seed has Oslo activities").isPositive();
    assertThat(everywhere).as("seed has activities elsewhere too").isGreaterThan(inOslo);
    assertThat(rows)
        .hasSize((int) inOslo)
        .allSatisfy(r -> assertThat(r.orgId()).isEqualTo(SeedData.ORG_OSLO));
  }

  @Test
  void coordinator_filteringOnAnotherOrganisation_getsNoRows(
      @AsUser(SeedUsers.COORD_OSLO) SupabaseClient coordOslo) throws Exception {
    assertThat(
            sql("select count(*) from public.activities where org_id = ?", SeedData.ORG_TRONDHEIM))
        .isPositive();

    assertThat(
            coordOslo
                .from("activities")
                .select("id,org_id")
                .eq("org_id", SeedData.ORG_TRONDHEIM)
                .list(ActivityRow.class))
        .isEmpty();
    assertThat(
            coordOslo
                .from("activities")
                .eq("org_id", SeedData.ORG_TRONDHEIM)
                .count(CountMode.EXACT))
        .isZero();
  }

  @Test
  void count_exact_equalsWhatRlsLetsTheUserSee(@AsUser(SeedUsers.ADMIN_OST) SupabaseClient adminOst)
      throws Exception {
    long expected =
        sql(
            "select count(*) from public.activities a join public.organisation_closure c"
                + " on c.descendant_id = a.org_id where c.ancestor_id = ?",
            SeedData.ORG_REGION_OST);
    assertThat(expected).isPositive();

    assertThat(adminOst.from("activities").count(CountMode.EXACT)).isEqualTo(expected);
  }

  @Test
  void page_withLimit_isPartialAndCarriesTheExactTotal(
      @AsUser(SeedUsers.COORD_OSLO) SupabaseClient coordOslo) throws Exception {
    long inOslo = sql("select count(*) from public.activities where org_id = ?", SeedData.ORG_OSLO);
    assertThat(inOslo).isGreaterThan(2);

    Page<ActivityRow> page =
        coordOslo
            .from("activities")
            .select("id,org_id")
            .order("id")
            .limit(2)
            .page(ActivityRow.class, CountMode.EXACT);

    assertThat(page.rows()).hasSize(2);
    assertThat(page.total()).hasValue(inOslo);
  }

  record StatsRow(
      @JsonProperty("org_id") UUID orgId, @JsonProperty("activity_count") long activityCount) {}

  @Test
  void securityInvokerView_showsTheCoordinatorOnlyOwnOrganisation(
      @AsUser(SeedUsers.COORD_OSLO) SupabaseClient coordOslo) throws Exception {
    List<StatsRow> rows =
        coordOslo
            .from("coordinator_monthly_stats")
            .select("org_id,activity_count")
            .gte("activity_month", SeedData.ACTIVITY_YEAR_START)
            .lte("activity_month", SeedData.ACTIVITY_YEAR_END)
            .list(StatsRow.class);

    long expected =
        sql(
            "select (select count(*) from public.activities where org_id = ? and coordinator_id is not null"
                + " and activity_date between ? and ?) + (select count(*) from public.proxy_activities where org_id = ?"
                + " and date between ? and ?)",
            SeedData.ORG_OSLO,
            SeedData.ACTIVITY_YEAR_START,
            SeedData.ACTIVITY_YEAR_END,
            SeedData.ORG_OSLO,
            SeedData.ACTIVITY_YEAR_START,
            SeedData.ACTIVITY_YEAR_END);
    assertThat(rows)
        .isNotEmpty()
        .allSatisfy(r -> assertThat(r.orgId()).isEqualTo(SeedData.ORG_OSLO));
    assertThat(rows.stream().mapToLong(StatsRow::activityCount).sum()).isEqualTo(expected);
  }

  @Test
  void adminOfAnotherOrganisation_countsOnlyItsOwnTree(
      @AsUser(SeedUsers.ADMIN_BLIND) SupabaseClient adminBlind) throws Exception {
    long blind =
        sql(
            "select count(*) from public.activities a join public.organisation_closure c"
                + " on c.descendant_id = a.org_id where c.ancestor_id = ?",
            SeedData.ORG_BLIND);
    assertThat(blind).isPositive();

    assertThat(adminBlind.from("activities").count(CountMode.EXACT)).isEqualTo(blind);
    assertThat(adminBlind.from("activities").eq("org_id", SeedData.ORG_OSLO).count(CountMode.EXACT))
        .isZero();
  }

  record OrgRow(UUID id, String name) {}

  @Test
  void filtersWithNorwegianLettersAndReservedCharacters_roundTripThroughTheWire(
      @AsUser(SeedUsers.ADMIN_OST) SupabaseClient adminOst) {
    assertThat(
            adminOst
                .from("organisations")
                .select("id,name")
                .ilike("name", "*BÆRUM*")
                .list(OrgRow.class))
        .extracting(OrgRow::id)
        .containsExactly(SeedData.ORG_BAERUM);
    assertThat(
            adminOst
                .from("organisations")
                .select("id,name")
                .in("name", List.of("Bærum lokallag", "Oslo lokallag", "no such, (org)."))
                .order("name")
                .list(OrgRow.class))
        .extracting(OrgRow::id)
        .containsExactly(SeedData.ORG_BAERUM, SeedData.ORG_OSLO);
    assertThat(
            adminOst
                .from("organisations")
                .select("id,name")
                .or(
                    no.likeperson.sdk.core.Filter.eq("name", "Bærum lokallag"),
                    no.likeperson.sdk.core.Filter.and(
                        no.likeperson.sdk.core.Filter.like("name", "Oslo*"),
                        no.likeperson.sdk.core.Filter.not(
                            no.likeperson.sdk.core.Filter.isNull("parent_id"))))
                .order("name")
                .list(OrgRow.class))
        .extracting(OrgRow::id)
        .containsExactly(SeedData.ORG_BAERUM, SeedData.ORG_OSLO);
  }

  @Test
  void maybeSingle_whenNothingMatches_isEmpty(
      @AsUser(SeedUsers.COORD_OSLO) SupabaseClient coordOslo) {
    assertThat(
            coordOslo
                .from("organisations")
                .select("id,name")
                .eq("id", SeedData.ORG_TRONDHEIM)
                .maybeSingle(OrgRow.class))
        .isEmpty();
    assertThat(
            coordOslo
                .from("organisations")
                .select("id,name")
                .eq("id", SeedData.ORG_OSLO)
                .maybeSingle(OrgRow.class))
        .map(OrgRow::id)
        .hasValue(SeedData.ORG_OSLO);
  }

  @Test
  void rangeBeyondTheEnd_withExactCount_isRangeNotSatisfiable(
      @AsUser(SeedUsers.COORD_OSLO) SupabaseClient coordOslo) {
    assertFails(
        () ->
            coordOslo
                .from("activities")
                .select("id,org_id")
                .range(100_000, 100_009)
                .page(ActivityRow.class, CountMode.EXACT),
        no.likeperson.sdk.core.error.RangeNotSatisfiableException.class,
        416,
        "PGRST103");
  }

  @Test
  void serviceRole_bypassesRls() throws Exception {
    assertThat(supabase.serviceRoleClient().from("activities").count(CountMode.EXACT))
        .isEqualTo(sql("select count(*) from public.activities"));
  }

  @Test
  void anon_seesNoActivities() {
    assertThat(supabase.anonClient().from("activities").select("id,org_id").list(ActivityRow.class))
        .isEmpty();
  }

  // ---- RPC ----

  @Test
  void aggregateRpc_countsExactlyTheChaptersActivities(
      @AsUser(SeedUsers.COORD_OSLO) SupabaseClient coordOslo) throws Exception {
    Map<String, Object> args =
        Map.of(
            "p_org_id",
            SeedData.ORG_OSLO,
            "p_period_start",
            SeedData.ACTIVITY_YEAR_START,
            "p_period_end",
            SeedData.ACTIVITY_YEAR_END,
            "p_scope",
            "chapter");

    JsonNode payload = coordOslo.rpc("aggregate_activities_for_org", args).single(JsonNode.class);

    long direct =
        sql(
            "select count(*) from public.activities where org_id = ? and activity_date between ? and ?",
            SeedData.ORG_OSLO,
            SeedData.ACTIVITY_YEAR_START,
            SeedData.ACTIVITY_YEAR_END);
    long proxies =
        sql(
            "select count(*) from public.proxy_activities where org_id = ? and date between ? and ?",
            SeedData.ORG_OSLO,
            SeedData.ACTIVITY_YEAR_START,
            SeedData.ACTIVITY_YEAR_END);
    long mentors =
        sql(
            "select count(distinct m) from (select peer_mentor_id m from public.activities where org_id = ?"
                + " and activity_date between ? and ? union select attributed_mentor_id from public.proxy_activities"
                + " where org_id = ? and date between ? and ?) x",
            SeedData.ORG_OSLO,
            SeedData.ACTIVITY_YEAR_START,
            SeedData.ACTIVITY_YEAR_END,
            SeedData.ORG_OSLO,
            SeedData.ACTIVITY_YEAR_START,
            SeedData.ACTIVITY_YEAR_END);
    assertThat(payload.path("totals").path("activity_count").asLong()).isEqualTo(direct + proxies);
    assertThat(payload.path("totals").path("proxy_activity_count").asLong()).isEqualTo(proxies);
    assertThat(payload.path("peer_mentor_records")).hasSize((int) mentors);
  }

  @Test
  void aggregateRpc_forAnotherOrganisation_isPermissionDenied(
      @AsUser(SeedUsers.COORD_OSLO) SupabaseClient coordOslo) {
    Map<String, Object> args =
        Map.of(
            "p_org_id",
            SeedData.ORG_TRONDHEIM,
            "p_period_start",
            SeedData.ACTIVITY_YEAR_START,
            "p_period_end",
            SeedData.ACTIVITY_YEAR_END,
            "p_scope",
            "chapter");

    assertFails(
        () -> coordOslo.rpc("aggregate_activities_for_org", args).single(JsonNode.class),
        PermissionDeniedException.class,
        403,
        "42501");
  }

  @Test
  void adminKpiRpc_readOnlyGet_matchesRawCounts(
      @AsUser(SeedUsers.ADMIN_OST) SupabaseClient adminOst) throws Exception {
    JsonNode kpi =
        adminOst
            .rpc("get_admin_kpi_stats", Map.of("p_root_org_id", SeedData.ORG_REGION_OST))
            .readOnly()
            .single(JsonNode.class);

    long activities =
        sql(
            "select (select count(*) from public.activities a join public.organisation_closure c"
                + " on c.descendant_id = a.org_id where c.ancestor_id = ?) + (select count(*) from public.proxy_activities p"
                + " join public.organisation_closure c on c.descendant_id = p.org_id where c.ancestor_id = ?)",
            SeedData.ORG_REGION_OST,
            SeedData.ORG_REGION_OST);
    assertThat(kpi.path("total_activities_count").asLong()).isEqualTo(activities);
    assertThat(kpi.path("org_health_score").asDouble()).isBetween(0.0, 1.0);
  }

  @Test
  void healthScoreRpc_returnsABareScalar_equalToTheKpiDocuments(
      @AsUser(SeedUsers.ADMIN_OST) SupabaseClient adminOst) {
    double score =
        adminOst
            .rpc("get_org_health_score", Map.of("p_root_org_id", SeedData.ORG_REGION_OST))
            .readOnly()
            .single(Double.class);
    JsonNode kpi =
        adminOst
            .rpc("get_admin_kpi_stats", Map.of("p_root_org_id", SeedData.ORG_REGION_OST))
            .single(JsonNode.class);

    assertThat(score).isBetween(0.0, 1.0).isEqualTo(kpi.path("org_health_score").asDouble());
  }

  @Test
  void renewCertification_volatileRpcWritesAndReturnsTheRow(
      @AsUser(SeedUsers.COORD_OSLO) SupabaseClient coordOslo) throws Exception {
    long before =
        sql(
            "select jsonb_array_length(renewal_history) from public.peer_mentor_certifications where id = ?",
            SeedData.CERT_OSLO_ACTIVE);

    // a renewal reaches at most 5 years ahead (docs/database.md, product rule 5)
    String newExpiry = java.time.Instant.now().plus(java.time.Duration.ofDays(3 * 365)).toString();
    JsonNode row =
        coordOslo
            .rpc(
                "renew_certification",
                Map.of(
                    "p_certification_id",
                    SeedData.CERT_OSLO_ACTIVE,
                    "p_new_expires_at",
                    newExpiry,
                    "p_notes",
                    "renewed in test"))
            .single(JsonNode.class);

    assertThat(row.path("id").asText()).isEqualTo(SeedData.CERT_OSLO_ACTIVE.toString());
    assertThat(row.path("renewal_history")).hasSize((int) before + 1);
    assertThat(
            sql(
                "select jsonb_array_length(renewal_history) from public.peer_mentor_certifications where id = ?",
                SeedData.CERT_OSLO_ACTIVE))
        .isEqualTo(before + 1);
  }

  @Test
  void renewCertification_ofAnotherOrganisation_changesNothing(
      @AsUser(SeedUsers.COORD_OSLO) SupabaseClient coordOslo) throws Exception {
    String history =
        "select renewal_history::text from public.peer_mentor_certifications where id = '"
            + SeedData.CERT_TRONDHEIM_EXPIRING
            + "'";
    String before = text(history);

    assertThatThrownBy(
            () ->
                coordOslo
                    .rpc(
                        "renew_certification",
                        Map.of(
                            "p_certification_id",
                            SeedData.CERT_TRONDHEIM_EXPIRING,
                            "p_new_expires_at",
                            "2099-01-01T00:00:00Z"))
                    .single(JsonNode.class))
        // invisible under RLS, so indistinguishable from a missing certification
        .isInstanceOfSatisfying(
            NotFoundException.class, e -> assertThat(e.statusCode()).isEqualTo(404));
    assertThat(text(history)).isEqualTo(before);
  }

  /**
   * The function raises SQLSTATE {@code PT404}, PostgREST's custom-status code (reference
   * §5.2/§5.4), so an unknown certification is a real 404 and the SDK throws its typed {@link
   * NotFoundException}.
   */
  @Test
  void renewUnknownCertification_throwsNotFoundWith404(
      @AsUser(SeedUsers.COORD_OSLO) SupabaseClient coordOslo) {
    UUID unknown = UUID.fromString("ce000000-0000-4000-8000-0000000000ff");

    assertFails(
        () ->
            coordOslo
                .rpc(
                    "renew_certification",
                    Map.of(
                        "p_certification_id", unknown, "p_new_expires_at", "2099-01-01T00:00:00Z"))
                .single(JsonNode.class),
        NotFoundException.class,
        404,
        "PT404");
  }

  String text(String query) throws Exception {
    try (Connection c =
            DriverManager.getConnection(
                supabase.jdbcUrl(), supabase.databaseUser(), supabase.databasePassword());
        PreparedStatement ps = c.prepareStatement(query);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getString(1);
    }
  }

  // ---- writes ----

  @Test
  void insert_asCoordinator_writesTheRowAndReturnsIt(
      @AsUser(SeedUsers.COORD_OSLO) SupabaseClient coordOslo) throws Exception {
    Map<String, Object> row =
        newActivity(
            SeedData.ORG_OSLO, SeedData.MENTOR_OSLO, SeedData.COORD_OSLO, SeedData.TYPE_SAMTALE);
    UUID id = (UUID) row.get("id");

    List<ActivityRow> inserted =
        coordOslo.from("activities").insert(row).select("id,org_id").list(ActivityRow.class);

    assertThat(inserted).containsExactly(new ActivityRow(id, SeedData.ORG_OSLO));
    assertThat(
            sql(
                "select count(*) from public.activities where id = ? and org_id = ?",
                id,
                SeedData.ORG_OSLO))
        .isEqualTo(1);
  }

  @Test
  void update_asCoordinator_changesOnlyTheFilteredRow(
      @AsUser(SeedUsers.COORD_OSLO) SupabaseClient coordOslo) throws Exception {
    Map<String, Object> row =
        newActivity(
            SeedData.ORG_OSLO, SeedData.MENTOR_OSLO, SeedData.COORD_OSLO, SeedData.TYPE_SAMTALE);
    UUID id = (UUID) row.get("id");
    coordOslo.from("activities").insert(row).execute();
    long sumBefore =
        sql("select coalesce(sum(duration_minutes), 0) from public.activities where id <> ?", id);

    coordOslo.from("activities").update(Map.of("duration_minutes", 95)).eq("id", id).execute();

    assertThat(sql("select duration_minutes from public.activities where id = ?", id))
        .isEqualTo(95);
    assertThat(
            sql(
                "select coalesce(sum(duration_minutes), 0) from public.activities where id <> ?",
                id))
        .isEqualTo(sumBefore);
  }

  record TypeRow(UUID id, @JsonProperty("org_id") UUID orgId, String code, String name) {}

  @Test
  void upsertOnAUniqueKey_insertsThenMerges_andIgnoreDuplicatesKeepsTheRow(
      @AsUser(SeedUsers.ADMIN_OST) SupabaseClient adminOst) throws Exception {
    Map<String, Object> first =
        Map.of("org_id", SeedData.ORG_REGION_OST, "code", "upsert_probe", "name", "First");
    Map<String, Object> second =
        Map.of("org_id", SeedData.ORG_REGION_OST, "code", "upsert_probe", "name", "Second");
    Map<String, Object> third =
        Map.of("org_id", SeedData.ORG_REGION_OST, "code", "upsert_probe", "name", "Third");
    String count =
        "select count(*) from public.activity_types where org_id = ? and code = 'upsert_probe'";

    TypeRow inserted =
        adminOst
            .from("activity_types")
            .upsert(first)
            .onConflict("org_id", "code")
            .select("id,org_id,code,name")
            .single(TypeRow.class);
    TypeRow merged =
        adminOst
            .from("activity_types")
            .upsert(second)
            .onConflict("org_id", "code")
            .select("id,org_id,code,name")
            .single(TypeRow.class);
    adminOst
        .from("activity_types")
        .upsert(third)
        .onConflict("org_id", "code")
        .ignoreDuplicates()
        .execute();

    assertThat(merged.id()).isEqualTo(inserted.id());
    assertThat(merged.name()).isEqualTo("Second");
    assertThat(sql(count, SeedData.ORG_REGION_OST)).isEqualTo(1);
    assertThat(text("select name from public.activity_types where id = '" + inserted.id() + "'"))
        .isEqualTo("Second");
  }

  /** Guards db finding F1 (DELETE summary trigger, fixed in dd051b9): see docs/testkit.md. */
  @Test
  void delete_asCoordinator_removesTheRow(@AsUser(SeedUsers.COORD_OSLO) SupabaseClient coordOslo)
      throws Exception {
    Map<String, Object> row =
        newActivity(
            SeedData.ORG_OSLO, SeedData.MENTOR_OSLO, SeedData.COORD_OSLO, SeedData.TYPE_SAMTALE);
    UUID id = (UUID) row.get("id");
    coordOslo.from("activities").insert(row).execute();

    coordOslo.from("activities").delete().eq("id", id).execute();

    assertThat(sql("select count(*) from public.activities where id = ?", id)).isZero();
  }

  // ---- Prefer: tx=rollback through the SDK (RequestOptions.rollback) ----

  static final RequestOptions ROLLBACK = RequestOptions.builder().rollback(true).build();

  record DurationRow(UUID id, @JsonProperty("duration_minutes") int durationMinutes) {}

  @Test
  void insertWithRollback_returnsTheStoredRowButLeavesNothing(
      @AsUser(SeedUsers.COORD_OSLO) SupabaseClient coordOslo) throws Exception {
    Map<String, Object> row =
        newActivity(
            SeedData.ORG_OSLO, SeedData.MENTOR_OSLO, SeedData.COORD_OSLO, SeedData.TYPE_SAMTALE);
    UUID id = (UUID) row.get("id");
    long before = sql("select count(*) from public.activities");
    long summaryBefore =
        sql("select coalesce(sum(activity_count), 0) from public.org_monthly_activity_counts");

    List<ActivityRow> returned =
        coordOslo
            .from("activities")
            .insert(row)
            .select("id,org_id")
            .options(ROLLBACK)
            .list(ActivityRow.class);

    assertThat(returned).containsExactly(new ActivityRow(id, SeedData.ORG_OSLO));
    assertThat(sql("select count(*) from public.activities where id = ?", id)).isZero();
    assertThat(sql("select count(*) from public.activities")).isEqualTo(before);
    assertThat(
            sql("select coalesce(sum(activity_count), 0) from public.org_monthly_activity_counts"))
        .as("the summary trigger's write is rolled back too")
        .isEqualTo(summaryBefore);
  }

  @Test
  void updateWithRollback_returnsTheChangedRowButTheDatabaseKeepsTheOldValue(
      @AsUser(SeedUsers.COORD_OSLO) SupabaseClient coordOslo) throws Exception {
    Map<String, Object> row =
        newActivity(
            SeedData.ORG_OSLO, SeedData.MENTOR_OSLO, SeedData.COORD_OSLO, SeedData.TYPE_SAMTALE);
    UUID id = (UUID) row.get("id");
    coordOslo.from("activities").insert(row).execute();
    assertThat(sql("select duration_minutes from public.activities where id = ?", id))
        .isEqualTo(60);

    DurationRow returned =
        coordOslo
            .from("activities")
            .update(Map.of("duration_minutes", 95))
            .eq("id", id)
            .select("id,duration_minutes")
            .options(ROLLBACK)
            .single(DurationRow.class);

    assertThat(returned).isEqualTo(new DurationRow(id, 95));
    assertThat(sql("select duration_minutes from public.activities where id = ?", id))
        .isEqualTo(60);
  }

  @Test
  void deleteWithRollback_returnsTheDeletedRowButItStays(
      @AsUser(SeedUsers.COORD_OSLO) SupabaseClient coordOslo) throws Exception {
    Map<String, Object> row =
        newActivity(
            SeedData.ORG_OSLO, SeedData.MENTOR_OSLO, SeedData.COORD_OSLO, SeedData.TYPE_SAMTALE);
    UUID id = (UUID) row.get("id");
    coordOslo.from("activities").insert(row).execute();
    long before = sql("select count(*) from public.activities");

    List<ActivityRow> returned =
        coordOslo
            .from("activities")
            .delete()
            .eq("id", id)
            .select("id,org_id")
            .options(ROLLBACK)
            .list(ActivityRow.class);

    assertThat(returned).containsExactly(new ActivityRow(id, SeedData.ORG_OSLO));
    assertThat(sql("select count(*) from public.activities where id = ?", id)).isEqualTo(1);
    assertThat(sql("select count(*) from public.activities")).isEqualTo(before);
  }

  /**
   * The SDK does not surface response headers, so {@code Preference-Applied} is the one thing
   * checked over raw HTTP: the gateway must say it honoured {@code tx=rollback}.
   */
  @Test
  void preferTxRollback_isEchoedInPreferenceApplied_rawHttp() throws Exception {
    Map<String, Object> row =
        newActivity(
            SeedData.ORG_OSLO, SeedData.MENTOR_OSLO, SeedData.COORD_OSLO, SeedData.TYPE_SAMTALE);
    Request request =
        new Request.Builder()
            .url(supabase.apiUrl() + "/rest/v1/activities?select=id")
            .header("apikey", supabase.anonKey())
            .header("Authorization", "Bearer " + supabase.tokenFor(SeedData.COORD_OSLO))
            .header("Prefer", "return=representation, tx=rollback")
            .post(
                RequestBody.create(JSON.writeValueAsString(row), MediaType.get("application/json")))
            .build();

    try (Response response = new OkHttpClient().newCall(request).execute()) {
      assertThat(response.code()).isEqualTo(201);
      assertThat(response.header("Preference-Applied"))
          .contains("tx=rollback")
          .contains("return=representation");
    }
    assertThat(sql("select count(*) from public.activities where id = ?", row.get("id"))).isZero();
  }

  // ---- typed errors ----

  @Test
  void tokenSignedWithAnotherSecret_isAuthenticationException() {
    String forged =
        Jwts.sign(
            "some-other-secret-with-at-least-32-chars!", supabase.claimsFor(SeedData.COORD_OSLO));
    SupabaseClient client =
        SupabaseClient.builder()
            .url(supabase.apiUrl())
            .apiKey(supabase.anonKey())
            .accessTokenProvider(AccessTokenProvider.of(forged))
            .build();

    assertFails(
        () -> client.from("activities").select("id").list(ActivityRow.class),
        AuthenticationException.class,
        401,
        "PGRST301");
  }

  @Test
  void expiredToken_isAuthenticationException() {
    Map<String, Object> claims = new LinkedHashMap<>(supabase.claimsFor(SeedData.COORD_OSLO));
    long past = java.time.Instant.now().getEpochSecond() - 3600;
    claims.put("iat", past - 3600);
    claims.put("exp", past);
    String expired = Jwts.sign(supabase.jwtSecret(), claims);
    SupabaseClient client =
        SupabaseClient.builder()
            .url(supabase.apiUrl())
            .apiKey(supabase.anonKey())
            .accessTokenProvider(AccessTokenProvider.of(expired))
            .build();

    assertThatThrownBy(() -> client.from("activities").select("id").list(ActivityRow.class))
        .isInstanceOf(AuthenticationException.class)
        .satisfies(e -> assertThat(((AuthenticationException) e).statusCode()).isEqualTo(401));
  }

  @Test
  void insertIntoAnotherOrganisation_isPermissionDenied403(
      @AsUser(SeedUsers.COORD_OSLO) SupabaseClient coordOslo) throws Exception {
    // a row that is valid in itself (attribution trigger passes), but in an organisation the caller
    // is not staff of
    Map<String, Object> row =
        newActivity(
            SeedData.ORG_TRONDHEIM,
            SeedData.MENTOR_TRONDHEIM,
            SeedData.COORD_TRONDHEIM,
            SeedData.TYPE_BLIND_SAMTALE);
    assertInsertRefused(
        () -> coordOslo.from("activities").insert(row).execute(),
        PermissionDeniedException.class,
        403,
        "42501");
  }

  @Test
  void anonymousInsert_isPermissionDenied401() throws Exception {
    Map<String, Object> row =
        newActivity(
            SeedData.ORG_OSLO, SeedData.MENTOR_OSLO, SeedData.COORD_OSLO, SeedData.TYPE_SAMTALE);
    assertInsertRefused(
        () -> supabase.anonClient().from("activities").insert(row).execute(),
        PermissionDeniedException.class,
        401,
        "42501");
  }

  @Test
  void insert_attributedToAMentorOfAnotherOrganisation_isValidation400(
      @AsUser(SeedUsers.COORD_OSLO) SupabaseClient coordOslo) throws Exception {
    Map<String, Object> row =
        newActivity(
            SeedData.ORG_OSLO,
            SeedData.MENTOR_TRONDHEIM,
            SeedData.COORD_OSLO,
            SeedData.TYPE_SAMTALE);
    assertInsertRefused(
        () -> coordOslo.from("activities").insert(row).execute(),
        ValidationException.class,
        400,
        "23514");
  }

  @Test
  void unknownTableAndFunction_areNotFound(@AsUser(SeedUsers.COORD_OSLO) SupabaseClient coordOslo) {
    assertFails(
        () -> coordOslo.from("no_such_table").select("id").list(ActivityRow.class),
        NotFoundException.class,
        404,
        "PGRST205");
    assertFails(
        () -> coordOslo.rpc("no_such_function", Map.of("x", 1)).single(JsonNode.class),
        NotFoundException.class,
        404,
        "PGRST202");
  }

  @Test
  void duplicatePrimaryKey_isConflict409(@AsUser(SeedUsers.COORD_OSLO) SupabaseClient coordOslo) {
    ActivityRow existing =
        coordOslo.from("activities").select("id,org_id").limit(1).list(ActivityRow.class).get(0);
    Map<String, Object> row =
        newActivity(
            SeedData.ORG_OSLO, SeedData.MENTOR_OSLO, SeedData.COORD_OSLO, SeedData.TYPE_SAMTALE);
    row.put("id", existing.id());

    assertFails(
        () -> coordOslo.from("activities").insert(row).execute(),
        ConflictException.class,
        409,
        "23505");
  }

  @Test
  void invalidFilterValue_isValidation400(@AsUser(SeedUsers.COORD_OSLO) SupabaseClient coordOslo) {
    assertFails(
        () ->
            coordOslo
                .from("activities")
                .select("id")
                .eq("org_id", "not-a-uuid")
                .list(ActivityRow.class),
        ValidationException.class,
        400,
        "22P02");
  }

  @Test
  void single_whenSeveralRows_isNotExactlyOneRow(
      @AsUser(SeedUsers.COORD_OSLO) SupabaseClient coordOslo) {
    assertThatThrownBy(
            () -> coordOslo.from("activities").select("id,org_id").single(ActivityRow.class))
        .isInstanceOf(NotExactlyOneRowException.class);
  }

  @Test
  void periodBoundaryValidation_inTheRpc_isValidation400(
      @AsUser(SeedUsers.COORD_OSLO) SupabaseClient coordOslo) {
    Map<String, Object> args =
        Map.of(
            "p_org_id",
            SeedData.ORG_OSLO,
            "p_period_start",
            LocalDate.of(2026, 12, 31),
            "p_period_end",
            LocalDate.of(2026, 1, 1),
            "p_scope",
            "chapter");

    assertThatThrownBy(
            () -> coordOslo.rpc("aggregate_activities_for_org", args).single(JsonNode.class))
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.code()).isEqualTo("22023"));
  }
}
