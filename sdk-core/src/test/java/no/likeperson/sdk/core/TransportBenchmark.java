package no.likeperson.sdk.core;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Headers;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Prints what the transport costs on top of plain OkHttp, and the per-call cost of its pieces. Not
 * a test (no assertions on time); run by hand: {@code java -cp
 * target/test-classes:target/classes:<test classpath> TransportBenchmark}.
 */
public final class TransportBenchmark {
  private TransportBenchmark() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 300;
    try (MockWebServer server = MockServers.noDelay()) {
      server.setDispatcher(
          new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
              return new MockResponse.Builder()
                  .code(200)
                  .setHeader("Content-Type", "application/json")
                  .body("[{\"id\":1,\"org_id\":\"0b4c6a2e-8f1e-4b7a-9d43-0c2f7d1e5a10\"}]")
                  .build();
            }
          });
      server.start();
      OkHttpClient ok = new OkHttpClient();
      String token = TestSupport.userToken("bench", Instant.now().plusSeconds(3600));
      Transport t =
          Transports.create(
              TransportConfig.builder()
                  .apiKey(TestSupport.ANON_KEY)
                  .okHttpClient(ok)
                  .tokenProvider(AccessTokenProvider.of(token))
                  .retry(RetrySettings.defaults())
                  .circuitBreaker(CircuitBreakerSettings.defaults())
                  .build());
      WireRequest wr =
          new WireRequest(
              "GET",
              server.url("/rest/v1/activities?select=id,org_id&org_id=eq.x"),
              Headers.of("Accept", "application/json"),
              null,
              true,
              "GET /rest/v1/activities",
              null);
      Request raw =
          new Request.Builder()
              .url(wr.url())
              .header("apikey", TestSupport.ANON_KEY)
              .header("Authorization", "Bearer " + token)
              .build();

      for (int round = 0; round < 2; round++) { // round 0 is warm-up
        long rawNs =
            time(
                n,
                () -> {
                  try (Response r = ok.newCall(raw).execute()) {
                    r.body().string();
                  }
                });
        long sdkNs = time(n, () -> t.execute(wr, TestSupport.BODY));
        if (round == 1) {
          System.out.printf(
              "sync GET, %d sequential calls: raw OkHttp %.1f us/call, transport %.1f us/call,"
                  + " overhead %.1f us/call%n",
              n, rawNs / 1e3 / n, sdkNs / 1e3 / n, (sdkNs - rawNs) / 1e3 / n);
        }
      }

      long asyncNs =
          time(
              1,
              () -> {
                List<CompletableFuture<String>> fs = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                  fs.add(t.executeAsync(wr, TestSupport.BODY));
                }
                CompletableFuture.allOf(fs.toArray(new CompletableFuture[0])).join();
              });
      System.out.printf(
          "async GET, %d calls in flight (dispatcher max 5/host): %.0f calls/s%n",
          n, n / (asyncNs / 1e9));
      t.close();

      // In-memory: an application interceptor answers before the network, so the difference between
      // the two loops is the transport's own cost (token check, breaker, retry context, request
      // build).
      OkHttpClient canned =
          new OkHttpClient.Builder()
              .addInterceptor(
                  chain ->
                      new Response.Builder()
                          .request(chain.request())
                          .protocol(okhttp3.Protocol.HTTP_1_1)
                          .code(200)
                          .message("OK")
                          .body(
                              okhttp3.ResponseBody.create(
                                  "[{\"id\":1}]", okhttp3.MediaType.get("application/json")))
                          .build())
              .build();
      Transport tc =
          Transports.create(
              TransportConfig.builder()
                  .apiKey(TestSupport.ANON_KEY)
                  .okHttpClient(canned)
                  .tokenProvider(AccessTokenProvider.of(token))
                  .retry(RetrySettings.defaults())
                  .circuitBreaker(CircuitBreakerSettings.defaults())
                  .build());
      int c = 200_000;
      for (int round = 0; round < 2; round++) {
        long rawNs =
            time(
                c,
                () -> {
                  try (Response r = canned.newCall(raw).execute()) {
                    r.body().string();
                  }
                });
        long sdkNs = time(c, () -> tc.execute(wr, TestSupport.BODY));
        if (round == 1) {
          System.out.printf(
              "in-memory GET, %d calls: raw OkHttp %.2f us/call, transport %.2f us/call,"
                  + " transport overhead %.2f us/call%n",
              c, rawNs / 1e3 / c, sdkNs / 1e3 / c, (sdkNs - rawNs) / 1e3 / c);
        }
      }
      tc.close();

      TokenManager tm =
          new TokenManager(
              AccessTokenProvider.of(token),
              TestSupport.ANON_KEY,
              Clock.systemUTC(),
              Duration.ofSeconds(30));
      int m = 1_000_000;
      time(m, tm::userToken);
      long tokNs = time(m, tm::userToken);
      System.out.printf("token freshness check (cached exp): %.0f ns/call%n", (double) tokNs / m);

      ErrorMapper em =
          new ErrorMapper(new ObjectMapper(), Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));
      byte[] body =
          ("{\"code\":\"23505\",\"details\":\"Key (email)=(a) already exists.\",\"hint\":null,"
                  + "\"message\":\"duplicate key value violates unique constraint \\\"u_email_key\\\"\"}")
              .getBytes(StandardCharsets.UTF_8);
      int k = 200_000;
      time(k, () -> em.map(409, Headers.of(), body, "POST /rest/v1/users"));
      long mapNs = time(k, () -> em.map(409, Headers.of(), body, "POST /rest/v1/users"));
      System.out.printf("error mapping of a PostgREST body: %.2f us/call%n", mapNs / 1e3 / k);
    }
  }

  interface Body {
    void run() throws Exception;
  }

  private static long time(int n, Body b) throws Exception {
    long start = System.nanoTime();
    for (int i = 0; i < n; i++) {
      b.run();
    }
    return System.nanoTime() - start;
  }
}
