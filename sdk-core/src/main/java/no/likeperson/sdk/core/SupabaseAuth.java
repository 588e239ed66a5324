package no.likeperson.sdk.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import no.likeperson.sdk.core.error.AuthException;
import no.likeperson.sdk.core.error.InvalidCredentialsException;
import no.likeperson.sdk.core.error.InvalidRequestException;
import no.likeperson.sdk.core.error.SupabaseClientException;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.jspecify.annotations.Nullable;

/**
 * Sign-in and sessions over Supabase Auth ({@code {url}/auth/v1}): password sign-in, the {@code
 * refresh_token} grant with rotation (every refresh returns a new refresh token, which replaces the
 * old one in the {@link SessionStore}; the old one is spent), and sign-out. Its {@link
 * #tokenProvider()} is the {@link AccessTokenProvider} for a {@link SupabaseClient}: the client
 * refreshes through it ahead of expiry (within 30 s) and after a 401, one refresh in flight for all
 * callers. Thread-safe; the plain methods block (on Android's main thread use the {@code ...Async}
 * twins). Passwords and tokens never appear in messages, logs or {@code toString}.
 *
 * <pre>{@code
 * SupabaseAuth auth = SupabaseAuth.builder()
 *     .url("https://abc.supabase.co").apiKey(anonKey)
 *     .sessionStore(SessionStore.inMemory())        // Android: an encrypted store of your own
 *     .okHttpClient(shared)
 *     .build();
 * auth.signInWithPassword("coord.oslo@example.test", password);
 * SupabaseClient client = SupabaseClient.builder().url("https://abc.supabase.co").apiKey(anonKey)
 *     .accessTokenProvider(auth.tokenProvider()).okHttpClient(shared).build();
 * ...
 * auth.signOut();
 * }</pre>
 */
public final class SupabaseAuth implements java.io.Closeable {

  /**
   * A refresh asked again this soon after the last one returns that one's token instead of spending
   * the new refresh token: two clients sharing this session may both see the old token expire.
   */
  static final Duration RECENT_REFRESH = Duration.ofSeconds(10);

  private static final MediaType JSON_TYPE = MediaType.get("application/json; charset=utf-8");

  private final HttpUrl authBase;
  private final String apiKey;
  private final OkHttpClient http;
  private final @Nullable OkHttpClient owned;
  private final Clock clock;
  private final SessionStore store;
  private final ObjectMapper json = new ObjectMapper();
  private final Object lock = new Object();

  /** Guarded by lock: the access token the last refresh issued, and when. */
  private @Nullable String lastIssued;

  private @Nullable Instant lastRefreshAt;

  private final AccessTokenProvider provider =
      new AccessTokenProvider() {
        @Override
        public @Nullable String accessToken() {
          Session s = loadSession();
          return s == null ? null : s.accessToken();
        }

        @Override
        public @Nullable String refreshAccessToken() {
          synchronized (lock) {
            Session s = loadSession();
            if (s == null) {
              return null;
            }
            if (s.accessToken().equals(lastIssued)
                && lastRefreshAt != null
                && clock.instant().isBefore(lastRefreshAt.plus(RECENT_REFRESH))) {
              return s.accessToken();
            }
            return refreshLocked(s).accessToken();
          }
        }

        @Override
        public String toString() {
          return "SupabaseAuth.tokenProvider(<redacted>)";
        }
      };

  private SupabaseAuth(Builder b, HttpUrl authBase, String apiKey) {
    this.authBase = authBase;
    this.apiKey = apiKey;
    OkHttpClient injected = b.okHttpClient;
    OkHttpClient own = injected == null ? new OkHttpClient() : null;
    this.owned = own;
    this.http = injected != null ? injected : Objects.requireNonNull(own);
    this.clock = b.clock;
    this.store = b.sessionStore;
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Signs in with email and password ({@code POST /auth/v1/token?grant_type=password}) and stores
   * the session.
   *
   * @return the new session
   * @throws NullPointerException if an argument is null
   * @throws InvalidRequestException if the email or password is blank; nothing is sent
   * @throws InvalidCredentialsException if Auth refuses the email or password
   * @throws AuthException for any other refusal (e.g. {@code email_not_confirmed})
   * @throws SupabaseClientException if no usable answer arrived
   */
  public Session signInWithPassword(String email, String password) {
    Objects.requireNonNull(email, "email == null");
    Objects.requireNonNull(password, "password == null");
    if (ClientContext.isBlank(email) || password.isEmpty()) {
      throw new InvalidRequestException("email and password are required");
    }
    ObjectNode body = json.createObjectNode().put("email", email.trim()).put("password", password);
    synchronized (lock) {
      Session s = grant("password", body);
      store.save(s);
      lastIssued = null;
      lastRefreshAt = null;
      return s;
    }
  }

  /**
   * Exchanges the stored refresh token for a new session ({@code grant_type=refresh_token}) and
   * stores it; the old refresh token is spent. A refusal (spent, revoked or unknown refresh token)
   * clears the store: the user must sign in again.
   *
   * @return the new session
   * @throws AuthException if there is no session or Auth refuses the refresh token ({@link
   *     AuthException#isSignInRequired()})
   * @throws SupabaseClientException if no usable answer arrived (the session is kept)
   */
  public Session refreshSession() {
    synchronized (lock) {
      Session s = loadSession();
      if (s == null) {
        throw AuthException.of(401, "session_not_found", "no session: sign in first", null);
      }
      return refreshLocked(s);
    }
  }

  /**
   * Signs out ({@code POST /auth/v1/logout}, every session of the user) and clears the store. The
   * store is cleared even when the server cannot be reached or no longer knows the session.
   *
   * @throws SupabaseClientException if no answer arrived (the local session is gone anyway)
   */
  public void signOut() {
    Session s;
    synchronized (lock) {
      s = loadSession();
      store.clear();
      lastIssued = null;
      lastRefreshAt = null;
    }
    if (s == null) {
      return;
    }
    Request request =
        new Request.Builder()
            .url(
                authBase
                    .newBuilder()
                    .addPathSegment("logout")
                    .addQueryParameter("scope", "global")
                    .build())
            .header("apikey", apiKey)
            .header("Authorization", "Bearer " + s.accessToken())
            .post(RequestBody.create(new byte[0], JSON_TYPE))
            .build();
    try (Response r = http.newCall(request).execute()) {
      // 401/403/404: the token or session is already gone on the server, which is what was asked
      if (r.code() >= 500) {
        throw error(r, "POST /auth/v1/logout");
      }
    } catch (IOException e) {
      throw new SupabaseClientException(
          "POST /auth/v1/logout failed: " + e.getClass().getSimpleName(), e, true);
    }
  }

  /**
   * Async twin of {@link #signInWithPassword}: runs on the OkHttp client's dispatcher threads, so
   * it may be called on Android's main thread. Argument errors fail the future too.
   *
   * @return the new session, or a future failed with the exceptions the blocking call throws
   */
  public CompletableFuture<Session> signInWithPasswordAsync(String email, String password) {
    return async(() -> signInWithPassword(email, password));
  }

  /** Async twin of {@link #refreshSession()}, on the OkHttp client's dispatcher threads. */
  public CompletableFuture<Session> refreshSessionAsync() {
    return async(this::refreshSession);
  }

  /** Async twin of {@link #signOut()}, on the OkHttp client's dispatcher threads. */
  public CompletableFuture<Void> signOutAsync() {
    return async(
        () -> {
          signOut();
          return null;
        });
  }

  private <T> CompletableFuture<T> async(java.util.function.Supplier<T> call) {
    try {
      return CompletableFuture.supplyAsync(call, http.dispatcher().executorService());
    } catch (RuntimeException e) { // the executor was shut down
      return ClientContext.failed(
          new SupabaseClientException("cannot schedule the Auth call", e, false));
    }
  }

  /** The stored session, if any (it may have expired: the client refreshes it when used). */
  public Optional<Session> currentSession() {
    return Optional.ofNullable(loadSession());
  }

  /**
   * The {@link AccessTokenProvider} over this session for {@link
   * SupabaseClient.Builder#accessTokenProvider}: {@code accessToken()} is the stored session's
   * token ({@code null} when signed out: the client then sends the API key only), {@code
   * refreshAccessToken()} runs the refresh grant. A refusal there clears the session and is passed
   * on as {@link AuthException}.
   */
  public AccessTokenProvider tokenProvider() {
    return provider;
  }

  private @Nullable Session loadSession() {
    return store.load();
  }

  /** Guarded by lock. */
  private Session refreshLocked(Session current) {
    Session fresh;
    try {
      fresh =
          grant(
              "refresh_token",
              json.createObjectNode().put("refresh_token", current.refreshToken()));
    } catch (AuthException e) {
      if (e.isSignInRequired()) {
        store.clear();
      }
      throw e;
    }
    store.save(fresh);
    lastIssued = fresh.accessToken();
    lastRefreshAt = clock.instant();
    return fresh;
  }

  private Session grant(String grantType, ObjectNode body) {
    String operation = "POST /auth/v1/token?grant_type=" + grantType;
    HttpUrl url =
        authBase
            .newBuilder()
            .addPathSegment("token")
            .addQueryParameter("grant_type", grantType)
            .build();
    byte[] bytes;
    try {
      bytes = json.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new SupabaseClientException(operation + ": cannot write the request", e, false);
    }
    Request request =
        new Request.Builder()
            .url(url)
            .header("apikey", apiKey)
            .header("Accept", "application/json")
            .post(RequestBody.create(bytes, JSON_TYPE))
            .build();
    try (Response r = http.newCall(request).execute()) {
      if (!r.isSuccessful()) {
        throw error(r, operation);
      }
      ResponseBody rb = r.body();
      JsonNode n = json.readTree(rb.byteStream());
      return session(n, operation);
    } catch (IOException e) {
      // a refresh that may have been spent on the server cannot be repeated safely: not retryable
      throw new SupabaseClientException(
          operation + " failed: " + e.getClass().getSimpleName(), e, grantType.equals("password"));
    }
  }

  private Session session(JsonNode n, String operation) {
    if (n == null || !n.path("access_token").isTextual() || !n.path("refresh_token").isTextual()) {
      throw new SupabaseClientException(
          operation + " answered without access_token and refresh_token", null, false);
    }
    Instant expiresAt;
    if (n.path("expires_at").canConvertToLong()) {
      expiresAt = Instant.ofEpochSecond(n.get("expires_at").asLong());
    } else if (n.path("expires_in").canConvertToLong()) {
      expiresAt = clock.instant().plusSeconds(n.get("expires_in").asLong());
    } else {
      throw new SupabaseClientException(
          operation + " answered without expires_at or expires_in", null, false);
    }
    JsonNode id = n.path("user").path("id");
    return new Session(
        n.get("access_token").asText(),
        n.get("refresh_token").asText(),
        expiresAt,
        id.isTextual() ? id.asText() : null);
  }

  /**
   * Auth's error bodies: {@code {code, error_code, msg}} (current) or {@code {error,
   * error_description}}.
   */
  private AuthException error(Response r, String operation) {
    String code = null;
    String message = null;
    try {
      ResponseBody rb = r.body();
      JsonNode n = json.readTree(rb.byteStream());
      if (n != null && n.isObject()) {
        code = text(n.get("error_code"));
        if (code == null) {
          code = text(n.get("error"));
        }
        message = text(n.get("msg"));
        if (message == null) {
          message = text(n.get("error_description"));
        }
        if (message == null) {
          message = text(n.get("message"));
        }
      }
    } catch (IOException | RuntimeException e) {
      // not JSON: status only
    }
    return AuthException.of(r.code(), code, message, operation);
  }

  private static @Nullable String text(@Nullable JsonNode n) {
    return n == null || !n.isValueNode() || n.isNull() ? null : n.asText();
  }

  /**
   * Releases the OkHttpClient it created itself when none was injected; the session stays in its
   * store (close is not sign-out).
   */
  @Override
  public void close() {
    if (owned != null) {
      owned.dispatcher().executorService().shutdown();
      owned.connectionPool().evictAll();
    }
  }

  /** The Auth URL only; never a key or token. */
  @Override
  public String toString() {
    return "SupabaseAuth{" + authBase + "}";
  }

  /**
   * Builds a {@link SupabaseAuth}; {@link #build()} validates.
   *
   * <pre>{@code
   * SupabaseAuth auth = SupabaseAuth.builder().url(projectUrl).apiKey(anonKey).build();
   * }</pre>
   */
  public static final class Builder {
    private @Nullable String url;
    private @Nullable String apiKey;
    private @Nullable OkHttpClient okHttpClient;
    private Clock clock = Clock.systemUTC();
    private SessionStore sessionStore = SessionStore.inMemory();

    private Builder() {}

    /**
     * The project URL, e.g. {@code https://abc.supabase.co}; Auth is at {@code {url}/auth/v1}.
     * Required.
     *
     * @throws NullPointerException if an argument is null
     */
    public Builder url(String url) {
      this.url = Objects.requireNonNull(url, "url == null");
      return this;
    }

    /**
     * The project's anon (publishable) key, sent as {@code apikey}. Required.
     *
     * @throws NullPointerException if an argument is null
     */
    public Builder apiKey(String apiKey) {
      this.apiKey = Objects.requireNonNull(apiKey, "apiKey == null");
      return this;
    }

    /**
     * The OkHttp client to share. Default: a new one.
     *
     * @throws NullPointerException if an argument is null
     */
    public Builder okHttpClient(OkHttpClient client) {
      this.okHttpClient = Objects.requireNonNull(client, "client == null");
      return this;
    }

    /**
     * Where the session is kept. Default: {@link SessionStore#inMemory()}.
     *
     * @throws NullPointerException if an argument is null
     */
    public Builder sessionStore(SessionStore store) {
      this.sessionStore = Objects.requireNonNull(store, "store == null");
      return this;
    }

    /**
     * The clock for expiry times; default the system clock (tests inject one, as for {@link
     * SupabaseClient.Builder#clock(Clock)}).
     *
     * @throws NullPointerException if an argument is null
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock == null");
      return this;
    }

    /**
     * Validates and builds.
     *
     * @throws InvalidRequestException if the URL or API key is missing or malformed
     */
    public SupabaseAuth build() {
      HttpUrl rest = SupabaseClient.Builder.restBase(url);
      HttpUrl.Builder b = rest.newBuilder();
      // {url}[/rest/v1] -> {url}/auth/v1
      java.util.List<String> segments = rest.pathSegments();
      b.encodedPath("/");
      for (int i = 0; i < segments.size() - 2; i++) {
        b.addPathSegment(segments.get(i));
      }
      b.addPathSegment("auth").addPathSegment("v1");
      String key = ClientContext.checkApiKey(apiKey);
      return new SupabaseAuth(this, b.build(), key);
    }
  }
}
