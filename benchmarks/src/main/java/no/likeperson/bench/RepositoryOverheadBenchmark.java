package no.likeperson.bench;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import no.likeperson.sdk.admin.AdminDataRepository;
import no.likeperson.sdk.admin.AdminRlsGuard;
import no.likeperson.sdk.core.AccessTokenProvider;
import no.likeperson.sdk.core.SupabaseClient;
import no.likeperson.sdk.stats.StatsRepository;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A repository call against the raw request it makes, written by hand with OkHttp and Jackson, to
 * the same stub server in its own JVM: a coordinator's monthly stats for a year (48 rows, {@link
 * StatsRepository}) and the KPI card (one RPC, {@link AdminDataRepository}). The repository's extra
 * work (validation, the org guard over the token's claims, mapping into immutable results, the
 * module's exception wrapper) is what the ratio shows.
 *
 * <pre>{@code
 * mvn -B -q -Pbench-report -pl benchmarks -am -DskipTests verify    # ClientOverheadReport runs it too
 * }</pre>
 */
@State(Scope.Benchmark)
public class RepositoryOverheadBenchmark {

  static final UUID ORG = UUID.fromString("0b4c6a2e-8f1e-4b7a-9d43-0c2f7d1e5a10");
  static final UUID COORDINATOR = UUID.fromString("5f0e2a71-3c4b-4d8e-9f10-a1b2c3d4e5f6");
  static final String STATS_SELECT =
      "org_id,subject_id:coordinator_id,activity_month,activity_type_id,"
          + "activity_type,activity_count,total_duration_minutes";

  /** Which repository call: {@code stats} or {@code kpis}. */
  @Param({"stats", "kpis"})
  public String call;

  private Process stub;
  private String base;
  private String token;
  private OkHttpClient http;
  private SupabaseClient client;
  private StatsRepository stats;
  private AdminDataRepository admin;
  private ObjectReader statsReader;
  private ObjectReader kpiReader;

  /** A row of the stats view, as a user would decode it. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record StatRow(
      UUID orgId,
      UUID subjectId,
      LocalDate activityMonth,
      UUID activityTypeId,
      String activityType,
      long activityCount,
      long totalDurationMinutes) {
    @JsonCreator
    public StatRow(
        @JsonProperty("org_id") UUID orgId,
        @JsonProperty("subject_id") UUID subjectId,
        @JsonProperty("activity_month") LocalDate activityMonth,
        @JsonProperty("activity_type_id") UUID activityTypeId,
        @JsonProperty("activity_type") String activityType,
        @JsonProperty("activity_count") long activityCount,
        @JsonProperty("total_duration_minutes") long totalDurationMinutes) {
      this.orgId = orgId;
      this.subjectId = subjectId;
      this.activityMonth = activityMonth;
      this.activityTypeId = activityTypeId;
      this.activityType = activityType;
      this.activityCount = activityCount;
      this.totalDurationMinutes = totalDurationMinutes;
    }
  }

  /** The KPI card, as a user would decode it. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Kpis(
      UUID organisationId,
      long activeUserCount,
      long totalActivitiesCount,
      long pendingReimbursementsCount,
      double orgHealthScore) {
    @JsonCreator
    public Kpis(
        @JsonProperty("organisation_id") UUID organisationId,
        @JsonProperty("active_user_count") long activeUserCount,
        @JsonProperty("total_activities_count") long totalActivitiesCount,
        @JsonProperty("pending_reimbursements_count") long pendingReimbursementsCount,
        @JsonProperty("org_health_score") double orgHealthScore) {
      this.organisationId = organisationId;
      this.activeUserCount = activeUserCount;
      this.totalActivitiesCount = totalActivitiesCount;
      this.pendingReimbursementsCount = pendingReimbursementsCount;
      this.orgHealthScore = orgHealthScore;
    }
  }

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    String[] url = new String[1];
    stub = StubServer.start(url);
    base = url[0];
    // a coordinator and org admin of ORG, as the project's access token hook writes the claims
    token =
        JWT.create()
            .withSubject(COORDINATOR.toString())
            .withClaim("role", "authenticated")
            .withAudience("authenticated")
            .withExpiresAt(Instant.now().plusSeconds(86_400))
            .withClaim(
                "app_metadata",
                Map.of(
                    "organisation_id",
                    ORG.toString(),
                    "organisation_ids",
                    List.of(ORG.toString()),
                    "org_roles",
                    Map.of(ORG.toString(), List.of("coordinator", "org_admin"))))
            .sign(Algorithm.HMAC256("super-secret-jwt-token-with-at-least-32-characters-long"));
    http = new OkHttpClient.Builder().retryOnConnectionFailure(false).build();
    client =
        SupabaseClient.builder()
            .url(base)
            .apiKey(ClientOverheadBenchmark.ANON_KEY)
            .accessTokenProvider(AccessTokenProvider.of(token))
            .okHttpClient(http)
            .build();
    stats = StatsRepository.create(client);
    admin = AdminDataRepository.create(AdminRlsGuard.create(client, ORG));
    ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule());
    statsReader = mapper.readerFor(new TypeReference<List<StatRow>>() {});
    kpiReader = mapper.readerFor(Kpis.class);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws InterruptedException {
    client.close();
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
    stub.destroy();
    stub.waitFor(5, TimeUnit.SECONDS);
  }

  /** The repository call. */
  @Benchmark
  public Object sdk() {
    if (call.equals("stats")) {
      return stats.coordinatorMonthlyStats(
          ORG, COORDINATOR, YearMonth.of(2026, 1), YearMonth.of(2026, 12));
    }
    return admin.getKpiStats();
  }

  /** The request the repository makes, by hand. */
  @Benchmark
  public Object raw() throws IOException {
    HttpUrl url;
    boolean read = call.equals("stats");
    if (read) {
      url =
          HttpUrl.get(base + "/rest/v1/coordinator_monthly_stats")
              .newBuilder()
              .addQueryParameter("select", STATS_SELECT)
              .addQueryParameter("org_id", "eq." + ORG)
              .addQueryParameter("coordinator_id", "eq." + COORDINATOR)
              .addQueryParameter("activity_month", "gte.2026-01-01")
              .addQueryParameter("activity_month", "lte.2026-12-01")
              .addQueryParameter("order", "activity_month.asc,activity_type_id.asc")
              .build();
    } else {
      url =
          HttpUrl.get(base + "/rest/v1/rpc/get_admin_kpis")
              .newBuilder()
              .addQueryParameter("p_root_org_id", ORG.toString())
              .addQueryParameter("p_kpi", "all")
              .build();
    }
    Request request =
        new Request.Builder()
            .url(url)
            .header("apikey", ClientOverheadBenchmark.ANON_KEY)
            .header("Authorization", "Bearer " + token)
            .header("Accept", "application/json")
            .header("X-Client-Info", "likeperson-sdk-java/0.1.0")
            .header("Accept-Profile", "public")
            .get()
            .build();
    try (Response r = http.newCall(request).execute()) {
      if (!r.isSuccessful()) {
        throw new IOException("HTTP " + r.code());
      }
      return read
          ? statsReader.readValue(r.body().byteStream())
          : kpiReader.readValue(r.body().byteStream());
    }
  }
}
