package no.likeperson.bench;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import no.likeperson.sdk.core.AccessTokenProvider;
import no.likeperson.sdk.core.SupabaseClient;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The SDK's own cost per call against raw OkHttp + Jackson making the same request to the same stub
 * server (its own JVM, see {@link StubServer}): a small RPC, a 100-row read and a 10,000-row read.
 * Both sides use one shared {@link OkHttpClient} configuration, send the same headers and decode
 * into the same record types; the raw side is written as a careful user would (a prepared {@link
 * ObjectReader}, no intermediate String).
 *
 * <pre>{@code
 * mvn -B -q -Pbench-report -pl benchmarks -am -DskipTests verify    # runs ClientOverheadReport
 * }</pre>
 */
@State(Scope.Benchmark)
public class ClientOverheadBenchmark {

  static final UUID ORG = UUID.fromString("0b4c6a2e-8f1e-4b7a-9d43-0c2f7d1e5a10");
  static final String ANON_KEY = "bench-anon-key";
  static final String SELECT =
      "id,org_id,peer_mentor_id,activity_date,duration_minutes,session_count,participant_count,note";
  private static final MediaType JSON = MediaType.get("application/json");

  /** Which call: {@code rpc} (small RPC), {@code rows100}, {@code rows10000}. */
  @Param({"rpc", "rows100", "rows10000"})
  public String call;

  private Process stub;
  private String base;
  private String token;
  private OkHttpClient http;
  private SupabaseClient sdk;
  private ObjectWriter rawWriter;
  private ObjectReader rawRowsReader;
  private ObjectReader rawSmallReader;
  private int limit;

  /** A row of the stub's table. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Row(
      UUID id,
      UUID orgId,
      UUID peerMentorId,
      LocalDate activityDate,
      Integer durationMinutes,
      int sessionCount,
      int participantCount,
      String note) {
    @JsonCreator
    public Row(
        @JsonProperty("id") UUID id,
        @JsonProperty("org_id") UUID orgId,
        @JsonProperty("peer_mentor_id") UUID peerMentorId,
        @JsonProperty("activity_date") LocalDate activityDate,
        @JsonProperty("duration_minutes") Integer durationMinutes,
        @JsonProperty("session_count") int sessionCount,
        @JsonProperty("participant_count") int participantCount,
        @JsonProperty("note") String note) {
      this.id = id;
      this.orgId = orgId;
      this.peerMentorId = peerMentorId;
      this.activityDate = activityDate;
      this.durationMinutes = durationMinutes;
      this.sessionCount = sessionCount;
      this.participantCount = participantCount;
      this.note = note;
    }
  }

  /** The small RPC's answer. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Small(
      UUID orgId,
      long activeUsers,
      long totalActivities,
      long pendingReimbursements,
      double healthScore) {
    @JsonCreator
    public Small(
        @JsonProperty("org_id") UUID orgId,
        @JsonProperty("active_users") long activeUsers,
        @JsonProperty("total_activities") long totalActivities,
        @JsonProperty("pending_reimbursements") long pendingReimbursements,
        @JsonProperty("health_score") double healthScore) {
      this.orgId = orgId;
      this.activeUsers = activeUsers;
      this.totalActivities = totalActivities;
      this.pendingReimbursements = pendingReimbursements;
      this.healthScore = healthScore;
    }
  }

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    String[] url = new String[1];
    stub = StubServer.start(url);
    base = url[0];
    token =
        JWT.create()
            .withSubject(UUID.randomUUID().toString())
            .withClaim("role", "authenticated")
            .withAudience("authenticated")
            .withExpiresAt(Instant.now().plusSeconds(86_400))
            .sign(Algorithm.HMAC256("super-secret-jwt-token-with-at-least-32-characters-long"));
    http = new OkHttpClient.Builder().retryOnConnectionFailure(false).build();
    sdk =
        SupabaseClient.builder()
            .url(base)
            .apiKey(ANON_KEY)
            .accessTokenProvider(AccessTokenProvider.of(token))
            .okHttpClient(http)
            .build();
    ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule());
    rawWriter = mapper.writer();
    rawRowsReader = mapper.readerFor(new TypeReference<List<Row>>() {});
    rawSmallReader = mapper.readerFor(Small.class);
    limit = call.equals("rows10000") ? 10_000 : 100;
  }

  @TearDown(Level.Trial)
  public void tearDown() throws InterruptedException {
    sdk.close();
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
    stub.destroy();
    stub.waitFor(5, TimeUnit.SECONDS);
  }

  /** The SDK call. */
  @Benchmark
  public Object sdk() {
    if (call.equals("rpc")) {
      return sdk.rpc("bench_small", Map.of("p_root_org_id", ORG)).single(Small.class);
    }
    return sdk.from("bench_rows").select(SELECT).eq("org_id", ORG).limit(limit).list(Row.class);
  }

  /** The same request with OkHttp and Jackson by hand. */
  @Benchmark
  public Object raw() throws IOException {
    if (call.equals("rpc")) {
      byte[] body = rawWriter.writeValueAsBytes(Map.of("p_root_org_id", ORG));
      Request request =
          new Request.Builder()
              .url(base + "/rest/v1/rpc/bench_small")
              .header("apikey", ANON_KEY)
              .header("Authorization", "Bearer " + token)
              .header("Accept", "application/json")
              .header("X-Client-Info", "likeperson-sdk-java/0.1.0")
              .header("Content-Profile", "public")
              .post(RequestBody.create(body, JSON))
              .build();
      try (Response r = http.newCall(request).execute()) {
        if (!r.isSuccessful()) {
          throw new IOException("HTTP " + r.code());
        }
        return rawSmallReader.readValue(r.body().byteStream());
      }
    }
    HttpUrl url =
        HttpUrl.get(base + "/rest/v1/bench_rows")
            .newBuilder()
            .addQueryParameter("select", SELECT)
            .addQueryParameter("org_id", "eq." + ORG)
            .addQueryParameter("limit", Integer.toString(limit))
            .build();
    Request request =
        new Request.Builder()
            .url(url)
            .header("apikey", ANON_KEY)
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
      return rawRowsReader.readValue(r.body().byteStream());
    }
  }
}
