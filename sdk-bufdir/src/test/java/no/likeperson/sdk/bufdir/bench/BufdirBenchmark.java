package no.likeperson.sdk.bufdir.bench;

import com.fasterxml.jackson.core.JsonToken;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import no.likeperson.sdk.bufdir.ActivityAggregationService;
import no.likeperson.sdk.bufdir.ScopeLevel;
import no.likeperson.sdk.core.SupabaseClient;
import no.likeperson.supabase.ScaleOptions;
import no.likeperson.testkit.LocalSupabase;

/**
 * Prints (asserts nothing) the Bufdir figures of issue 8 on an NHF-sized data set (1,400 chapters,
 * 50,000 users, 2,000,000 activities over 3 years; generated once, about 2 minutes):
 * aggregation through the SDK (HTTP -> gateway -> PostgreSQL -> stream parse) for a chapter year of
 * about 500 activities and for the NATIONAL year, the payload bytes with the type dictionary and
 * with the previous document (20261123001200's function, installed under another name for the
 * comparison), and the streaming export of the national year in a child JVM with {@code -Xmx64m}.
 *
 * <pre>{@code
 * mvn -B -q -pl sdk-bufdir -am -Pbufdir-bench -DskipTests process-test-classes
 * }</pre>
 */
public final class BufdirBenchmark {

  static final LocalDate FROM = LocalDate.of(2026, 1, 1);
  static final LocalDate TO = LocalDate.of(2026, 12, 31);

  private BufdirBenchmark() {}

  public static void main(String[] args) throws Exception {
    long t0 = System.nanoTime();
    // -Dbench.scale=small for a quick run (200 chapters, 200,000 activities); default NHF size
    ScaleOptions scale = "small".equals(System.getProperty("bench.scale")) ? ScaleOptions.small() : ScaleOptions.nhf();
    try (LocalSupabase stack = LocalSupabase.builder().scale(scale).start()) {
      System.out.printf("stack with %s data ready in %.0f s%n", scale, (System.nanoTime() - t0) / 1e9);
      UUID root;
      UUID rootAdmin;
      UUID chapter;
      UUID coordinator;
      long chapterActivities;
      try (Connection c = DriverManager.getConnection(stack.jdbcUrl(), stack.databaseUser(), stack.databasePassword());
           Statement st = c.createStatement()) {
        c.setAutoCommit(true);
        // the visibility map lets the aggregation use Index Only Scans (production has autovacuum)
        st.execute("vacuum (analyze) public.activities, public.proxy_activities");
        root = uuid(st, "select app_scale.root_org_id(" + scale.seed() + ")");
        // Supabase gives authenticated an 8 s statement timeout; on a machine shared with other builds
        // the national year can exceed it, which would measure the machine, not the SDK
        st.execute("alter role authenticated set statement_timeout = '120s'");
        rootAdmin = uuid(st, "select user_id from public.org_memberships where org_id = '" + root
            + "' and role = 'org_admin' limit 1");
        try (ResultSet rs = st.executeQuery("select o.id, count(*) from public.activities a join public.organisations o"
            + " on o.id = a.org_id where a.activity_date between '" + FROM + "' and '" + TO + "'"
            + " and exists (select 1 from public.org_memberships m where m.org_id = o.id and m.role = 'coordinator')"
            + " group by o.id order by abs(count(*) - 500), o.id limit 1")) {
          rs.next();
          chapter = (UUID) rs.getObject(1);
          chapterActivities = rs.getLong(2);
        }
        coordinator = uuid(st, "select user_id from public.org_memberships where org_id = '" + chapter
            + "' and role = 'coordinator' order by user_id limit 1");
        // the previous document, for the byte comparison: the rollback's function under another name
        String old = Files.readString(Path.of(root(), "supabase/rollbacks/20261204020000_bufdir_type_dictionary.down.sql"))
            .replace("public.aggregate_activities_for_org(", "public.bench_aggregate_v1(");
        st.execute(old.substring(old.indexOf("create or replace function")));
      }
      stack.reloadSchemaCache();

      try (SupabaseClient coord = stack.clientFor(coordinator); SupabaseClient admin = stack.clientFor(rootAdmin)) {
        ActivityAggregationService chapterService = ActivityAggregationService.create(coord);
        ActivityAggregationService national = ActivityAggregationService.create(admin);
        double chapterMs = median(15, 5, () -> chapterService.aggregateActivities(chapter, FROM, TO, ScopeLevel.CHAPTER));
        System.out.printf("chapter year (%d activities, %d mentor records): median %.1f ms through the SDK%n",
            chapterActivities, chapterService.aggregateActivities(chapter, FROM, TO, ScopeLevel.CHAPTER)
                .peerMentorRecords().size(), chapterMs);
        stage("national", () -> {
          double nationalMs = median(3, 1, () -> national.aggregateActivities(root, FROM, TO, ScopeLevel.NATIONAL));
          var p = national.aggregateActivities(root, FROM, TO, ScopeLevel.NATIONAL);
          System.out.printf("NATIONAL year (%d mentors, %d activities, %d multi-chapter mentors): median %.0f ms "
              + "through the SDK incl. parsing%n", p.peerMentorRecords().size(), p.totals().activityCount(),
              p.multiChapterMentors().size(), nationalMs);
          double streamMs = median(3, 1, () -> national.streamActivities(root, FROM, TO, ScopeLevel.NATIONAL, r -> { }));
          System.out.printf("NATIONAL year streamed to a no-op listener: median %.0f ms%n", streamMs);
          return null;
        });

        Map<String, Object> rpcArgs = Map.of("p_org_id", root.toString(), "p_period_start", FROM.toString(),
            "p_period_end", TO.toString(), "p_scope", "national");
        stage("bytes", () -> {
          long after = bytes(admin, "aggregate_activities_for_org", rpcArgs);
          long before = bytes(admin, "bench_aggregate_v1", rpcArgs);
          System.out.printf("NATIONAL payload: %,d bytes with the type dictionary, %,d bytes before (%.0f%%)%n",
              after, before, 100.0 * after / before);
          double beforeMs = median(3, 1, () -> bytes(admin, "bench_aggregate_v1", rpcArgs));
          double afterMs = median(3, 1, () -> bytes(admin, "aggregate_activities_for_org", rpcArgs));
          System.out.printf("NATIONAL document received and tokenised (no mapping): %.0f ms with the dictionary, "
              + "%.0f ms before%n", afterMs, beforeMs);
          return null;
        });
      }

      for (String mode : List.of("stream", "payload")) {
        System.out.println(child(stack, rootAdmin, root, mode));
      }
    }
  }

  /** Runs {@link StreamingExportProbe} in a child JVM with -Xmx64m and returns its last line. */
  static String child(LocalSupabase stack, UUID user, UUID root, String mode) throws Exception {
    List<String> cmd = new ArrayList<>(Arrays.asList(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx64m", "-cp", System.getProperty("java.class.path"), StreamingExportProbe.class.getName(),
        stack.apiUrl(), stack.anonKey(), stack.tokenFor(user), root.toString(), mode));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String last = "";
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        if (!line.isBlank() && !line.contains("SLF4J")) {
          last = line;
        }
      }
    }
    int exit = p.waitFor();
    return "-Xmx64m " + mode + " export of the NATIONAL year: " + last + " (exit " + exit + ")";
  }

  /** Bytes of an RPC's answer, read through the SDK's streaming parser without mapping. */
  static long bytes(SupabaseClient client, String function, Map<String, Object> args) {
    return client.rpc(function, args).read(parser -> {
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

  static double median(int runs, int warmup, Body body) throws Exception {
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
    return ms[runs / 2];
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
