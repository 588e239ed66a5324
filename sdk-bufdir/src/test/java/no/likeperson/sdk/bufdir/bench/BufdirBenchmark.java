package no.likeperson.sdk.bufdir.bench;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import no.likeperson.sdk.bufdir.ActivityAggregationService;
import no.likeperson.sdk.bufdir.ScopeLevel;
import no.likeperson.sdk.core.AccessTokenProvider;
import no.likeperson.sdk.core.SupabaseClient;
import no.likeperson.supabase.ScaleOptions;
import no.likeperson.testkit.LocalSupabase;

/**
 * Prints (asserts nothing) the Bufdir figures of issue 8 on an NHF-sized data set (1,400 chapters,
 * 50,000 users, 2,000,000 activities over 3 years; generated once, about 2 minutes): aggregation
 * through the SDK (HTTP -> gateway -> PostgreSQL -> stream parse) for a chapter year of about 500
 * activities and for the NATIONAL year, the payload bytes with the type dictionary and with the
 * previous document (20261123001200's function, installed under another name for the comparison),
 * the NATIONAL year over JDBC as the same user (the SQL the gateway runs) with the current function
 * and the two it replaced (installed under other names, on the same data), and the CSV export of
 * the national year with {@link no.likeperson.sdk.bufdir.BufdirExporter} in a child JVM with {@code
 * -Xmx64m} (the bound) and {@code -Xmx24m}, streamed and from the whole payload.
 *
 * <pre>{@code
 * mvn -B -q -pl sdk-bufdir -am -Pbufdir-bench -DskipTests process-test-classes
 * # against a stack that is already running (e.g. with NHF data generated once), set SUPABASE_URL,
 * # SUPABASE_ANON_KEY, SUPABASE_JWT_SECRET and SUPABASE_DB_URL (see LocalSupabase.fromEnvironment)
 * }</pre>
 */
public final class BufdirBenchmark {

  static final LocalDate FROM = LocalDate.of(2026, 1, 1);
  static final LocalDate TO = LocalDate.of(2026, 12, 31);

  private BufdirBenchmark() {}

  public static void main(String[] args) throws Exception {
    long t0 = System.nanoTime();
    // -Dbench.scale=small for a quick run (200 chapters, 200,000 activities); default NHF size
    ScaleOptions scale =
        "small".equals(System.getProperty("bench.scale"))
            ? ScaleOptions.small()
            : ScaleOptions.nhf();
    // SUPABASE_* set: measure that stack (its data must come from the scale generator with seed 42)
    try (LocalSupabase stack =
        LocalSupabase.builder().scale(scale).environment(System.getenv()).start()) {
      System.out.printf(
          "stack with %s data ready in %.0f s%n", scale, (System.nanoTime() - t0) / 1e9);
      UUID root;
      UUID rootAdmin;
      UUID chapter;
      UUID coordinator;
      long chapterActivities;
      try (Connection c =
              DriverManager.getConnection(
                  stack.jdbcUrl(), stack.databaseUser(), stack.databasePassword());
          Statement st = c.createStatement()) {
        c.setAutoCommit(true);
        // the visibility map lets the aggregation use Index Only Scans (production has autovacuum)
        st.execute("vacuum (analyze) public.activities, public.proxy_activities");
        root = uuid(st, "select app_scale.root_org_id(" + scale.seed() + ")");
        // Supabase gives authenticated an 8 s statement timeout; on a machine shared with other
        // builds
        // the national year can exceed it, which would measure the machine, not the SDK
        st.execute("alter role authenticated set statement_timeout = '120s'");
        rootAdmin =
            uuid(
                st,
                "select user_id from public.org_memberships where org_id = '"
                    + root
                    + "' and role = 'org_admin' limit 1");
        try (ResultSet rs =
            st.executeQuery(
                "select o.id, count(*) from public.activities a join public.organisations o"
                    + " on o.id = a.org_id where a.activity_date between '"
                    + FROM
                    + "' and '"
                    + TO
                    + "'"
                    + " and exists (select 1 from public.org_memberships m where m.org_id = o.id and m.role = 'coordinator')"
                    + " group by o.id order by abs(count(*) - 500), o.id limit 1")) {
          rs.next();
          chapter = (UUID) rs.getObject(1);
          chapterActivities = rs.getLong(2);
        }
        coordinator =
            uuid(
                st,
                "select user_id from public.org_memberships where org_id = '"
                    + chapter
                    + "' and role = 'coordinator' order by user_id limit 1");
        // functions this one replaced, under other names, for the byte and time comparisons, each
        // restored by the rollback of the migration that replaced it: the first document
        // (20261123001200, no dictionary), the body of 20261205050000 and the one before the
        // current one (20261205070000, row policies checked per row)
        install(st, "20261204020000_bufdir_type_dictionary", "bench_aggregate_v1");
        install(st, "20261205070000_bufdir_sort_once", "bench_aggregate_v4");
        install(st, CURRENT, "bench_aggregate_v5");
      }
      stack.reloadSchemaCache();

      try (SupabaseClient coord = stack.clientFor(coordinator);
          SupabaseClient admin = patient(stack, rootAdmin)) {
        ActivityAggregationService chapterService = ActivityAggregationService.create(coord);
        ActivityAggregationService national = ActivityAggregationService.create(admin);
        double[] chapterMs =
            times(
                15,
                5,
                () -> chapterService.aggregateActivities(chapter, FROM, TO, ScopeLevel.CHAPTER));
        System.out.printf(
            "chapter year (%d activities, %d mentor records) through the SDK: p50 %.1f ms, p95 %.1f ms%n",
            chapterActivities,
            chapterService
                .aggregateActivities(chapter, FROM, TO, ScopeLevel.CHAPTER)
                .peerMentorRecords()
                .size(),
            p(chapterMs, 50),
            p(chapterMs, 95));
        Map<String, Object> nationalArgs =
            Map.of(
                "p_org_id",
                root.toString(),
                "p_period_start",
                FROM.toString(),
                "p_period_end",
                TO.toString(),
                "p_scope",
                "national");
        stage(
            "national",
            () -> {
              // steady state: the first calls plan the functions on the gateway's pooled
              // connections and let the JIT compile the reader; then the payload, the streamed
              // form and the bare document (tokenised, not mapped) interleaved, so that their
              // differences are the SDK's mapping and not a busy moment of the machine
              Map<String, Body> forms = new java.util.LinkedHashMap<>();
              forms.put(
                  "payload",
                  () -> national.aggregateActivities(root, FROM, TO, ScopeLevel.NATIONAL));
              forms.put(
                  "streamed",
                  () -> national.streamActivities(root, FROM, TO, ScopeLevel.NATIONAL, r -> {}));
              forms.put("document", () -> bytes(admin, "bufdir_payload", nationalArgs));
              Map<String, double[]> ms = interleaved(forms, NATIONAL_RUNS, NATIONAL_WARMUP);
              var p = national.aggregateActivities(root, FROM, TO, ScopeLevel.NATIONAL);
              System.out.printf(
                  "NATIONAL year (%d mentors, %d activities, %d multi-chapter mentors) through the SDK "
                      + "incl. parsing: p50 %.0f ms, p95 %.0f ms (%d runs, interleaved with the next"
                      + " two)%n",
                  p.peerMentorRecords().size(),
                  p.totals().activityCount(),
                  p.multiChapterMentors().size(),
                  p(ms.get("payload"), 50),
                  p(ms.get("payload"), 95),
                  NATIONAL_RUNS);
              System.out.printf(
                  "NATIONAL year streamed to a no-op listener: p50 %.0f ms, p95 %.0f ms%n",
                  p(ms.get("streamed"), 50), p(ms.get("streamed"), 95));
              System.out.printf(
                  "NATIONAL document through the SDK's HTTP, tokenised, not mapped: p50 %.0f ms,"
                      + " p95 %.0f ms%n",
                  p(ms.get("document"), 50), p(ms.get("document"), 95));
              return null;
            });
        stage(
            "jdbc",
            () -> {
              String claims = new ObjectMapper().writeValueAsString(stack.claimsFor(rootAdmin));
              try (Connection c =
                  DriverManager.getConnection(
                      stack.jdbcUrl(), stack.databaseUser(), stack.databasePassword())) {
                Map<String, double[]> ms = interleaved(f -> national(c, claims, f, root));
                ms.forEach(
                    (f, t) ->
                        System.out.printf(
                            "NATIONAL year over JDBC as the root admin, %-28s p50 %5.0f ms, "
                                + "p95 %5.0f ms%n",
                            LABELS.get(f) + ":", p(t, 50), p(t, 95)));
              }
              return null;
            });

        stage(
            "bytes",
            () -> {
              long after = bytes(admin, "aggregate_activities_for_org", nationalArgs);
              long before = bytes(admin, "bench_aggregate_v1", nationalArgs);
              System.out.printf(
                  "NATIONAL payload: %,d bytes with the type dictionary, %,d bytes before (%.0f%%)%n",
                  after, before, 100.0 * after / before);
              // each function through HTTP and the gateway, the document tokenised but not mapped;
              // interleaved
              Map<String, double[]> ms = interleaved(f -> bytes(admin, f, nationalArgs));
              ms.forEach(
                  (f, t) ->
                      System.out.printf(
                          "NATIONAL document through HTTP, tokenised (no mapping), %-28s "
                              + "p50 %5.0f ms, p95 %5.0f ms%n",
                          LABELS.get(f) + ":", p(t, 50), p(t, 95)));
              return null;
            });
      }

      // the bound (64 MB), then a heap too small for the whole payload: the streamed export
      // holds one record at a time, so it needs no more heap for a bigger organisation
      for (String heap : List.of("64m", "24m")) {
        for (String mode : List.of("stream", "payload")) {
          System.out.println(child(stack, rootAdmin, root, mode, heap));
        }
      }
    }
  }

  /** The migration whose function {@code aggregate_activities_for_org} is now. */
  static final String CURRENT = "20261205070100_bufdir_visible_groups";

  /** The migration whose {@code bufdir_payload} is now. */
  static final String CURRENT_PAYLOAD = "20261205070200_bufdir_payload_plpgsql";

  static final int RUNS = 7;

  /** Calls through the SDK measured, and unmeasured ones before them. */
  static final int NATIONAL_RUNS = 11;

  static final int NATIONAL_WARMUP = 3;
  static final Map<String, String> LABELS = new java.util.LinkedHashMap<>();

  static {
    LABELS.put("bufdir_payload", "now, set form (" + CURRENT_PAYLOAD.substring(0, 14) + ")");
    LABELS.put("aggregate_activities_for_org", "now (" + CURRENT.substring(0, 14) + ")");
    LABELS.put("bench_aggregate_v5", "before (20261205070000)");
    LABELS.put("bench_aggregate_v4", "earlier (20261205050000)");
    LABELS.put("bench_aggregate_v1", "first (20261123001200)");
  }

  interface Call {
    Object run(String function) throws Exception;
  }

  /**
   * Times the current function (scalar and set form) and the ones it replaced ({@link #LABELS}),
   * {@link #RUNS} rounds of one call each after one warm-up call each. More than five calls per
   * connection: PL/pgSQL may switch to a generic plan after the fifth.
   */
  static Map<String, double[]> interleaved(Call call) throws Exception {
    Map<String, Body> forms = new java.util.LinkedHashMap<>();
    for (String f : LABELS.keySet()) {
      forms.put(f, () -> call.run(f));
    }
    return interleaved(forms, RUNS, 1);
  }

  /**
   * Each body {@code warmup} times, then {@code runs} rounds of one call of each, interleaved so
   * that a busy moment of the machine hits all alike; the times in ms per body, sorted.
   */
  static Map<String, double[]> interleaved(Map<String, Body> forms, int runs, int warmup)
      throws Exception {
    Map<String, double[]> ms = new java.util.LinkedHashMap<>();
    for (Map.Entry<String, Body> f : forms.entrySet()) {
      ms.put(f.getKey(), new double[runs]);
      for (int i = 0; i < warmup; i++) {
        f.getValue().run();
      }
    }
    for (int i = 0; i < runs; i++) {
      for (Map.Entry<String, Body> f : forms.entrySet()) {
        long t = System.nanoTime();
        f.getValue().run();
        ms.get(f.getKey())[i] = (System.nanoTime() - t) / 1e6;
      }
    }
    ms.values().forEach(Arrays::sort);
    return ms;
  }

  /**
   * A client for the national calls with 5-minute timeouts: on a machine shared with other builds
   * one call can take longer than the default 10 s read timeout, which would measure the machine.
   */
  static SupabaseClient patient(LocalSupabase stack, UUID user) {
    return SupabaseClient.builder()
        .url(stack.apiUrl())
        .apiKey(stack.anonKey())
        .accessTokenProvider(AccessTokenProvider.of(stack.tokenFor(user)))
        .readTimeout(PATIENCE)
        .callTimeout(PATIENCE)
        .build();
  }

  static final Duration PATIENCE = Duration.ofMinutes(5);

  /** Installs the function a migration's rollback restores, under another name. */
  static void install(Statement st, String migration, String name) throws Exception {
    String sql =
        Files.readString(Path.of(root(), "supabase/rollbacks/" + migration + ".down.sql"))
            .replace("public.aggregate_activities_for_org(", "public." + name + "(");
    st.execute(sql.substring(sql.indexOf("create or replace function")));
  }

  /**
   * One national call as the gateway makes it: role authenticated and the user's claims, one
   * transaction.
   */
  static Object national(Connection c, String claims, String function, UUID root) throws Exception {
    c.setAutoCommit(false);
    try (Statement st = c.createStatement()) {
      st.execute("set local role authenticated");
      try (var ps = c.prepareStatement("select set_config('request.jwt.claims', ?, true)")) {
        ps.setString(1, claims);
        ps.execute();
      }
      try (var ps =
          c.prepareStatement("select public." + function + "(?, ?, ?, 'national')::text")) {
        ps.setObject(1, root);
        ps.setObject(2, FROM);
        ps.setObject(3, TO);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          return rs.getString(1).length();
        }
      }
    } finally {
      c.rollback();
      c.setAutoCommit(true);
    }
  }

  /**
   * Runs {@link StreamingExportProbe} in a child JVM with the given -Xmx and returns its last line.
   */
  static String child(LocalSupabase stack, UUID user, UUID root, String mode, String heap)
      throws Exception {
    List<String> cmd =
        new ArrayList<>(
            Arrays.asList(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap,
                "-cp",
                System.getProperty("java.class.path"),
                StreamingExportProbe.class.getName(),
                stack.apiUrl(),
                stack.anonKey(),
                stack.tokenFor(user),
                root.toString(),
                mode));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String last = "";
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        if (!line.isBlank() && !line.contains("SLF4J")) {
          last = line;
        }
      }
    }
    int exit = p.waitFor();
    return "-Xmx"
        + heap
        + " "
        + mode
        + " CSV export of the NATIONAL year: "
        + last
        + " (exit "
        + exit
        + ")";
  }

  /** Bytes of an RPC's answer, read through the SDK's streaming parser without mapping. */
  static long bytes(SupabaseClient client, String function, Map<String, Object> args) {
    return client
        .rpc(function, args)
        .read(
            parser -> {
              while (parser.nextToken() != null) {
                if (parser.currentToken() == JsonToken.NOT_AVAILABLE) {
                  break;
                }
              }
              return parser.currentLocation().getByteOffset();
            });
  }

  /** Runs one stage; a failure is printed and the next stage still runs. */
  static void stage(String name, Body body) {
    try {
      body.run();
    } catch (Exception | Error e) {
      System.out.println(name + " FAILED: " + e);
    }
  }

  interface Body {
    Object run() throws Exception;
  }

  static double[] times(int runs, int warmup, Body body) throws Exception {
    for (int i = 0; i < warmup; i++) {
      body.run();
    }
    double[] ms = new double[runs];
    for (int i = 0; i < runs; i++) {
      long t = System.nanoTime();
      body.run();
      ms[i] = (System.nanoTime() - t) / 1e6;
    }
    Arrays.sort(ms);
    return ms;
  }

  /** The nearest-rank percentile of sorted values. */
  static double p(double[] sorted, int percentile) {
    return sorted[Math.max(0, (int) Math.ceil(percentile / 100.0 * sorted.length) - 1)];
  }

  static double median(int runs, int warmup, Body body) throws Exception {
    return times(runs, warmup, body)[runs / 2];
  }

  static UUID uuid(Statement st, String sql) throws Exception {
    try (ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return (UUID) rs.getObject(1);
    }
  }

  /** The repository root (the benchmark runs with the module as working directory). */
  static String root() {
    Path here = Path.of("").toAbsolutePath();
    while (here != null && !Files.isDirectory(here.resolve("supabase/rollbacks"))) {
      here = here.getParent();
    }
    if (here == null) {
      throw new IllegalStateException("run from inside the repository");
    }
    return here.toString();
  }
}
