package no.likeperson.sdk.core;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.Closeable;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import no.likeperson.sdk.core.error.InvalidRequestException;
import no.likeperson.sdk.core.event.ChangeEvents;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;

/**
 * The entry point: a client for one Supabase project's PostgREST API ({@code {url}/rest/v1}).
 * Thread-safe and meant to be shared; build it once with {@link #builder()}. There is no static
 * state: two clients never affect each other.
 *
 * <pre>{@code
 * SupabaseClient client =
 *     SupabaseClient.builder()
 *         .url(url) // REST at {url}/rest/v1
 *         .apiKey(anonKey)
 *         .accessTokenProvider(AccessTokenProvider.of(userJwt))
 *         .okHttpClient(shared) // optional: share your pool
 *         .retry(RetrySettings.defaults())
 *         .circuitBreaker(CircuitBreakerSettings.defaults())
 *         .build();
 *
 * List<Activity> rows =
 *     client
 *         .from("activities")
 *         .select("id,org_id,activity_date")
 *         .eq("org_id", orgId)
 *         .order("activity_date", Order.DESC)
 *         .limit(25)
 *         .list(Activity.class);
 * long n = client.from("activities").eq("org_id", orgId).count(CountMode.EXACT);
 * JsonNode marker =
 *     client.rpc("stats_change_marker", Map.of("p_org_id", orgId)).single(JsonNode.class);
 * client.orgGuard().requireAccess(orgId); // UnauthorisedAccessException before any request
 * }</pre>
 *
 * <p>Compiled and run: {@code
 * examples/src/main/java/no/likeperson/examples/snippets/CoreSnippets.java#supabase-client}.
 *
 * <p>Every call throws unchecked {@link no.likeperson.sdk.core.error.SupabaseException}s: bad input
 * as {@link InvalidRequestException} before anything is sent, server answers as {@link
 * no.likeperson.sdk.core.error.SupabaseServiceException} subtypes, failures without an answer as
 * {@link no.likeperson.sdk.core.error.SupabaseClientException}.
 */
public final class SupabaseClient implements Closeable {

  /** The read-only RPC that answers an org admin's subtree (migration 20261204070000). */
  static final String ADMIN_SUBTREE_RPC = "admin_org_subtree";

  /**
   * The overall deadline of one HTTP attempt (connect, write, wait and read the whole answer) when
   * neither {@link Builder#callTimeout} nor a shared {@link OkHttpClient} sets one: 60 s. The read
   * timeout alone does not end an answer that trickles one byte at a time; this does. Supabase's
   * own statement timeouts are 3 s (anon) and 8 s (authenticated), so a healthy answer is far below
   * it.
   */
  public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(60);

  private final ClientContext ctx;
  private final String origin;
  private final OrgGuard orgGuard;
  private final ChangeEvents changeEvents = new ChangeEvents();

  /** The OkHttpClient this client created itself (none was injected), else null. */
  private final @Nullable OkHttpClient ownedHttp;

  /** The call timeout in force (zero: none). */
  private final Duration callTimeout;

  private SupabaseClient(
      ClientContext ctx, String origin, @Nullable OkHttpClient ownedHttp, Duration callTimeout) {
    this.ctx = ctx;
    this.origin = origin;
    this.orgGuard =
        OrgGuard.forClient(
            ctx.transport::claims,
            new OrgGuard.Server() {
              @Override
              public @Nullable String userToken() {
                return ctx.transport.userToken();
              }

              @Override
              public CompletableFuture<Set<UUID>> adminSubtree(String token) {
                RequestOptions asThatUser =
                    RequestOptions.builder().schema("public").accessToken(token).build();
                return rpc(ADMIN_SUBTREE_RPC)
                    .readOnly()
                    .options(asThatUser)
                    .singleAsync(new TypeReference<List<UUID>>() {})
                    .thenApply(Set::copyOf);
              }
            });
    this.ownedHttp = ownedHttp;
    this.callTimeout = callTimeout;
  }

  /** The per-attempt call timeout in force; zero means none (for tests of the defaults). */
  Duration callTimeout() {
    return callTimeout;
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A query of a table or view in the default schema (or the one set in its options).
   *
   * @throws NullPointerException if {@code relation} is null
   * @throws InvalidRequestException if {@code relation} is blank
   */
  public TableQuery from(String relation) {
    return new TableQuery(ctx, relation);
  }

  /**
   * A call of {@code function} with named arguments: a {@code Map}, record or POJO that Jackson
   * writes as a JSON object; null for none.
   *
   * @throws NullPointerException if {@code function} is null
   * @throws InvalidRequestException if the name is blank or the arguments are not a JSON object
   */
  public RpcCall rpc(String function, @Nullable Object params) {
    return new RpcCall(ctx, function, params);
  }

  /**
   * A call of {@code function} without arguments.
   *
   * @throws NullPointerException if {@code function} is null
   * @throws InvalidRequestException if the name is blank
   */
  public RpcCall rpc(String function) {
    return new RpcCall(ctx, function, null);
  }

  /**
   * The claims of the current access token (anonymous claims when there is none); an expired token
   * is refreshed first, as before a request.
   *
   * @throws InvalidRequestException if the token is not a decodable JWT
   * @throws no.likeperson.sdk.core.error.SupabaseClientException if the provider or its refresh
   *     fails
   */
  public JwtClaims claims() {
    return ctx.transport.claims();
  }

  /**
   * The fail-fast organisation guard over the current token's claims (read on every check, see
   * {@link #claims()}); it learns an org admin's subtree from the server once per token.
   */
  public OrgGuard orgGuard() {
    return orgGuard;
  }

  /**
   * This client's change-event bus: the SDK's repositories publish to it after each successful
   * write and caches built on this client subscribe to it; publish here what you write through
   * other paths. See {@link no.likeperson.sdk.core.event}.
   */
  public ChangeEvents changeEvents() {
    return changeEvents;
  }

  /**
   * The {@link ObjectMapper} this client reads and writes JSON with (a copy of the configured one).
   */
  public ObjectMapper objectMapper() {
    return ctx.mapper.copy();
  }

  /**
   * Releases what the client owns: its retry scheduler and, when no {@link OkHttpClient} was
   * injected, the one it created (dispatcher threads and pooled connections, so they do not keep
   * the JVM alive). An injected {@link OkHttpClient} is left open. Calls after close fail.
   */
  @Override
  public void close() {
    ctx.transport.close();
    if (ownedHttp != null) {
      ownedHttp.dispatcher().executorService().shutdown();
      ownedHttp.connectionPool().evictAll();
    }
  }

  /** The OkHttpClient created by this client when none was injected (tests), else null. */
  @Nullable OkHttpClient ownedHttpClient() {
    return ownedHttp;
  }

  /** The project origin, never the key or token. */
  @Override
  public String toString() {
    return "SupabaseClient{" + origin + "}";
  }

  /**
   * Builds a {@link SupabaseClient}; {@link #build()} validates everything.
   *
   * <pre>{@code
   * SupabaseClient c = SupabaseClient.builder()
   *     .url("https://abc.supabase.co").apiKey(anonKey)
   *     .readTimeout(Duration.ofSeconds(20))
   *     .build();
   * }</pre>
   */
  public static final class Builder {
    private @Nullable String url;
    private @Nullable String apiKey;
    private @Nullable AccessTokenProvider accessTokenProvider;
    private @Nullable OkHttpClient okHttpClient;
    private @Nullable ObjectMapper objectMapper;
    private String schema = "public";
    private @Nullable Duration connectTimeout;
    private @Nullable Duration readTimeout;
    private @Nullable Duration writeTimeout;
    private @Nullable Duration callTimeout;
    private RetrySettings retry = RetrySettings.defaults();
    private CircuitBreakerSettings circuitBreaker = CircuitBreakerSettings.defaults();
    private boolean requestLog;
    private @Nullable Clock clock;

    private Builder() {}

    /**
     * The project URL, e.g. {@code https://abc.supabase.co} or {@code http://127.0.0.1:54321}; a
     * URL already ending in {@code /rest/v1} is used as it is. Required.
     *
     * @throws NullPointerException if an argument is null
     */
    public Builder url(String url) {
      this.url = Objects.requireNonNull(url, "url == null");
      return this;
    }

    /**
     * The project's API key (anon or service key), sent as {@code apikey}. Required.
     *
     * @throws NullPointerException if an argument is null
     */
    public Builder apiKey(String apiKey) {
      this.apiKey = Objects.requireNonNull(apiKey, "apiKey == null");
      return this;
    }

    /**
     * Supplies the user's token per request. Default: none (the API key acts as bearer).
     *
     * @throws NullPointerException if an argument is null
     */
    public Builder accessTokenProvider(AccessTokenProvider provider) {
      this.accessTokenProvider = Objects.requireNonNull(provider, "provider == null");
      return this;
    }

    /**
     * The OkHttp client to share (its pool and dispatcher). Default: a new one.
     *
     * @throws NullPointerException if an argument is null
     */
    public Builder okHttpClient(OkHttpClient client) {
      this.okHttpClient = Objects.requireNonNull(client, "client == null");
      return this;
    }

    /**
     * The JSON mapper (copied at build). Default: Jackson with {@code java.time} support, ISO
     * dates, unknown properties ignored. On the copy (default or yours) {@code BigDecimal}s are
     * always kept exact and written in plain notation ({@code 1000}, never {@code 1E+3}), as
     * PostgreSQL needs.
     *
     * @throws NullPointerException if an argument is null
     */
    public Builder objectMapper(ObjectMapper mapper) {
      this.objectMapper = Objects.requireNonNull(mapper, "mapper == null");
      return this;
    }

    /**
     * The default schema ({@code Accept-Profile}/{@code Content-Profile}). Default {@code public}.
     *
     * @throws NullPointerException if an argument is null
     */
    public Builder schema(String schema) {
      this.schema = Objects.requireNonNull(schema, "schema == null");
      return this;
    }

    /**
     * OkHttp connect timeout; default OkHttp's (10 s).
     *
     * @throws NullPointerException if an argument is null
     */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = Objects.requireNonNull(timeout, "timeout == null");
      return this;
    }

    /**
     * OkHttp read timeout (between bytes of the answer); default OkHttp's (10 s).
     *
     * @throws NullPointerException if an argument is null
     */
    public Builder readTimeout(Duration timeout) {
      this.readTimeout = Objects.requireNonNull(timeout, "timeout == null");
      return this;
    }

    /**
     * OkHttp write timeout; default OkHttp's (10 s).
     *
     * @throws NullPointerException if an argument is null
     */
    public Builder writeTimeout(Duration timeout) {
      this.writeTimeout = Objects.requireNonNull(timeout, "timeout == null");
      return this;
    }

    /**
     * Timeout of one whole HTTP call (each attempt, from connecting to the last byte of the
     * answer); {@link Duration#ZERO} means none. Default: the shared {@link OkHttpClient}'s own
     * call timeout if it has one, else {@link SupabaseClient#DEFAULT_CALL_TIMEOUT}.
     *
     * @throws NullPointerException if an argument is null
     */
    public Builder callTimeout(Duration timeout) {
      this.callTimeout = Objects.requireNonNull(timeout, "timeout == null");
      return this;
    }

    /**
     * Retry settings; {@link RetrySettings#disabled()} turns retries off.
     *
     * @throws NullPointerException if an argument is null
     */
    public Builder retry(RetrySettings retry) {
      this.retry = Objects.requireNonNull(retry, "retry == null");
      return this;
    }

    /**
     * Circuit-breaker settings; {@link CircuitBreakerSettings#disabled()} turns it off.
     *
     * @throws NullPointerException if an argument is null
     */
    public Builder circuitBreaker(CircuitBreakerSettings settings) {
      this.circuitBreaker = Objects.requireNonNull(settings, "settings == null");
      return this;
    }

    /**
     * The clock that judges access token expiry (a token is refreshed 30 s before its {@code exp}).
     * Default: the system clock; tests inject one to cross an expiry without waiting.
     *
     * @throws NullPointerException if an argument is null
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock == null");
      return this;
    }

    /**
     * Logs method, path, status, duration and retry count through SLF4J (never tokens or values).
     */
    public Builder requestLog(boolean enabled) {
      this.requestLog = enabled;
      return this;
    }

    /**
     * Validates and builds.
     *
     * @throws InvalidRequestException if the URL or API key is missing or malformed, the schema is
     *     blank or not header-safe (control or non-ASCII characters), or a timeout is negative
     */
    public SupabaseClient build() {
      HttpUrl rest = restBase(url);
      String key = ClientContext.checkApiKey(apiKey);
      ClientContext.checkSchema(schema);
      OkHttpClient http = okHttpClient != null ? okHttpClient : new OkHttpClient();
      OkHttpClient owned = okHttpClient == null ? http : null;
      Duration call = callTimeout;
      if (call == null && http.callTimeoutMillis() == 0) {
        call = DEFAULT_CALL_TIMEOUT;
      }
      if (connectTimeout != null || readTimeout != null || writeTimeout != null || call != null) {
        OkHttpClient.Builder b = http.newBuilder(); // shares pool and dispatcher
        if (connectTimeout != null) {
          b.connectTimeout(millis("connectTimeout", connectTimeout), TimeUnit.MILLISECONDS);
        }
        if (readTimeout != null) {
          b.readTimeout(millis("readTimeout", readTimeout), TimeUnit.MILLISECONDS);
        }
        if (writeTimeout != null) {
          b.writeTimeout(millis("writeTimeout", writeTimeout), TimeUnit.MILLISECONDS);
        }
        if (call != null) {
          b.callTimeout(millis("callTimeout", call), TimeUnit.MILLISECONDS);
        }
        http = b.build();
      }
      ObjectMapper mapper = objectMapper != null ? objectMapper.copy() : defaultMapper();
      exactNumbers(mapper);
      TransportConfig.Builder config =
          TransportConfig.builder()
              .apiKey(key)
              .okHttpClient(http)
              .objectMapper(mapper)
              .retry(retry)
              .circuitBreaker(circuitBreaker)
              .requestLog(requestLog);
      if (accessTokenProvider != null) {
        config.tokenProvider(accessTokenProvider);
      }
      if (clock != null) {
        config.clock(clock);
      }
      Transport transport = Transports.create(config.build());
      String origin = rest.scheme() + "://" + rest.host() + ":" + rest.port();
      return new SupabaseClient(
          new ClientContext(rest, transport, mapper, schema),
          origin,
          owned,
          Duration.ofMillis(http.callTimeoutMillis()));
    }

    private static long millis(String what, Duration d) {
      if (d.isNegative()) {
        throw new InvalidRequestException(what + " is negative");
      }
      return d.toMillis();
    }

    static HttpUrl restBase(@Nullable String url) {
      if (url == null || ClientContext.isBlank(url)) {
        throw new InvalidRequestException("url is required");
      }
      HttpUrl parsed = HttpUrl.parse(url.trim());
      if (parsed == null) {
        throw new InvalidRequestException("url is not an http(s) URL");
      }
      if (parsed.query() != null || parsed.fragment() != null) {
        throw new InvalidRequestException("url must not have a query or fragment");
      }
      HttpUrl.Builder b = parsed.newBuilder();
      java.util.List<String> segments = new java.util.ArrayList<>(parsed.pathSegments());
      while (!segments.isEmpty() && segments.get(segments.size() - 1).isEmpty()) {
        segments.remove(segments.size() - 1);
      }
      int n = segments.size();
      boolean hasRest =
          n >= 2 && segments.get(n - 2).equals("rest") && segments.get(n - 1).equals("v1");
      if (!hasRest) {
        segments.add("rest");
        segments.add("v1");
      }
      b.encodedPath("/");
      for (String s : segments) {
        b.addPathSegment(s);
      }
      return b.build();
    }

    static ObjectMapper defaultMapper() {
      return new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    /**
     * Payloads and RPC arguments go through a JSON tree ({@code valueToTree}), whose default node
     * factory strips trailing zeros ({@code 1000} becomes {@code 1E+3}); PostgreSQL rejects that
     * notation for integer columns and parameters. Keep decimals exact and write them plainly.
     */
    static void exactNumbers(ObjectMapper mapper) {
      mapper.configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);
      mapper.setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));
      mapper.enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);
    }
  }
}
