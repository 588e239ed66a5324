package no.likeperson.testkit.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import no.likeperson.sdk.core.SupabaseClient;
import no.likeperson.testkit.LocalSupabase;
import okhttp3.ConnectionPool;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Throughput and latency of the gateway for a simple RPC ({@code POST /rest/v1/rpc/bench_add} with
 * {@code {"a":i,"b":1}} as a seeded user: JWT check, one transaction with {@code SET LOCAL ROLE}
 * and the request GUCs, the function call, JSON body) with 1, 8 and 32 concurrent clients, first
 * over plain OkHttp (the gateway's cost), then through one shared {@link SupabaseClient} (what an
 * application sees). Every answer is checked ({@code 200} and the right sum), so a fast wrong
 * gateway does not look good. Not a test: run
 *
 * <pre>
 * mvn -B -q -pl sdk-testkit -am -Pbench -DskipTests process-test-classes [-Dbench.args="5 15 1 8 32"]
 * </pre>
 *
 * <p>Arguments: warmup seconds, measured seconds, then the client counts. Prints one line per path
 * and level: requests/s, p50, p90, p99 and max latency in milliseconds.
 */
public final class GatewayBenchmark {

  private static final MediaType JSON = MediaType.get("application/json");

  /** One request with argument {@code i}; true when the answer was right. */
  @FunctionalInterface
  interface Call {
    boolean call(int i) throws Exception;
  }

  private GatewayBenchmark() {}

  public static void main(String[] args) throws Exception {
    int warmupSeconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 15;
    int[] levels =
        args.length > 2
            ? Arrays.stream(args, 2, args.length).mapToInt(Integer::parseInt).toArray()
            : new int[] {1, 8, 32};

    long startNanos = System.nanoTime();
    try (LocalSupabase supabase = LocalSupabase.start()) {
      System.out.printf(
          Locale.ROOT,
          "# LocalSupabase.start() (embedded PostgreSQL, migrations, seed, gateway): %.1f s%n",
          (System.nanoTime() - startNanos) / 1e9);
      supabase.execute(
          "create or replace function public.bench_add(a int, b int) returns int"
              + " language sql immutable as $$ select a + b $$;"
              + " grant execute on function public.bench_add(int, int) to anon, authenticated;");
      supabase.reloadSchemaCache();
      UUID user = firstUser(supabase);
      String token = supabase.tokenFor(user);
      String url = supabase.apiUrl() + "/rest/v1/rpc/bench_add";
      OkHttpClient http =
          new OkHttpClient.Builder()
              .connectionPool(new ConnectionPool(64, 5, TimeUnit.MINUTES))
              .build();
      String apiKey = supabase.anonKey();
      Call raw =
          i -> {
            Request request =
                new Request.Builder()
                    .url(url)
                    .header("apikey", apiKey)
                    .header("Authorization", "Bearer " + token)
                    .post(RequestBody.create("{\"a\":" + i + ",\"b\":1}", JSON))
                    .build();
            try (Response response = http.newCall(request).execute()) {
              return response.code() == 200
                  && response.body().string().trim().equals(Integer.toString(i + 1));
            }
          };
      SupabaseClient sdk = supabase.clientFor(user);
      Call viaSdk =
          i -> sdk.rpc("bench_add", Map.of("a", i, "b", 1)).single(Integer.class) == i + 1;

      System.out.printf(
          Locale.ROOT,
          "# gateway benchmark: POST /rest/v1/rpc/bench_add as user %s;"
              + " %d cores, java %s, warmup %ds, measure %ds per level%n",
          user,
          Runtime.getRuntime().availableProcessors(),
          System.getProperty("java.version"),
          warmupSeconds,
          seconds);
      for (String path : List.of("okhttp", "sdk")) {
        Call call = path.equals("okhttp") ? raw : viaSdk;
        for (int clients : levels) {
          run(call, clients, warmupSeconds);
          Result r = run(call, clients, seconds);
          System.out.printf(
              Locale.ROOT,
              "path=%-6s clients=%-3d requests=%-7d errors=%d  req/s=%8.1f  p50=%6.2f ms  p90=%6.2f ms"
                  + "  p99=%6.2f ms  max=%7.2f ms%n",
              path,
              clients,
              r.requests,
              r.errors,
              r.requests / (r.elapsedNanos / 1e9),
              r.percentile(50),
              r.percentile(90),
              r.percentile(99),
              r.percentile(100));
        }
      }
      sdk.close();
      http.dispatcher().executorService().shutdown();
      http.connectionPool().evictAll();
    }
  }

  private static UUID firstUser(LocalSupabase supabase) throws Exception {
    try (Connection c =
            DriverManager.getConnection(
                supabase.jdbcUrl(), supabase.databaseUser(), supabase.databasePassword());
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("select id from auth.users order by id limit 1")) {
      if (!rs.next()) {
        throw new IllegalStateException("no users in auth.users: the benchmark needs the seed");
      }
      return rs.getObject(1, UUID.class);
    }
  }

  static final class Result {
    final long requests;
    final long errors;
    final long elapsedNanos;
    final long[] latencies;

    Result(long requests, long errors, long elapsedNanos, long[] latencies) {
      this.requests = requests;
      this.errors = errors;
      this.elapsedNanos = elapsedNanos;
      this.latencies = latencies;
    }

    /** Nearest-rank percentile in milliseconds ({@code p = 100} is the maximum). */
    double percentile(int p) {
      if (latencies.length == 0) {
        return Double.NaN;
      }
      int i = (int) Math.ceil(p / 100.0 * latencies.length) - 1;
      return latencies[Math.max(0, Math.min(latencies.length - 1, i))] / 1e6;
    }
  }

  private static Result run(Call call, int clients, int seconds) throws InterruptedException {
    AtomicLong errors = new AtomicLong();
    long[][] perThread = new long[clients][];
    int[] counts = new int[clients];
    CountDownLatch start = new CountDownLatch(1);
    long[] deadline = new long[1];
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < clients; t++) {
      int index = t;
      Thread thread =
          new Thread(
              () -> {
                long[] latencies = new long[4096];
                try {
                  start.await();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                  return;
                }
                int n = 0;
                int i = index * 1_000_000;
                while (System.nanoTime() < deadline[0]) {
                  i++;
                  long t0 = System.nanoTime();
                  boolean ok;
                  try {
                    ok = call.call(i);
                  } catch (Exception e) {
                    ok = false;
                  }
                  long took = System.nanoTime() - t0;
                  if (!ok) {
                    errors.incrementAndGet();
                  }
                  if (n == latencies.length) {
                    latencies = Arrays.copyOf(latencies, n * 2);
                  }
                  latencies[n++] = took;
                }
                counts[index] = n;
                perThread[index] = latencies;
              },
              "bench-client-" + t);
      threads.add(thread);
      thread.start();
    }
    long begin = System.nanoTime();
    deadline[0] = begin + TimeUnit.SECONDS.toNanos(seconds);
    start.countDown();
    for (Thread thread : threads) {
      thread.join(); // join() makes the threads' writes to counts/perThread visible here
    }
    long elapsed = System.nanoTime() - begin;
    int total = Arrays.stream(counts).sum();
    long[] all = new long[total];
    int pos = 0;
    for (int t = 0; t < clients; t++) {
      System.arraycopy(perThread[t], 0, all, pos, counts[t]);
      pos += counts[t];
    }
    Arrays.sort(all);
    return new Result(total, errors.get(), elapsed, all);
  }
}
