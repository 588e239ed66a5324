package no.likeperson.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.util.Statistics;

/**
 * Runs {@link ClientOverheadBenchmark} (sdk-core calls) and {@link RepositoryOverheadBenchmark}
 * (repository calls) and prints, per call, the SDK against raw OkHttp + Jackson: p50 and p99
 * latency, allocated bytes and CPU time per call, and the SDK/raw ratios; the same table is written
 * as Markdown and CSV into the folder given as the first argument.
 *
 * <pre>{@code
 * mvn -B -q -Pbench-report -pl benchmarks -am -DskipTests verify                   # full run, ~4 min
 * mvn -B -q -Pbench-report -pl benchmarks -am -DskipTests verify -Dbench.args=quick  # ~1 min, rough
 * }</pre>
 */
public final class ClientOverheadReport {

  private ClientOverheadReport() {}

  /** One side's figures for one call. */
  record Figures(double p50Us, double p99Us, double allocBytes, double cpuUs) {}

  public static void main(String[] args) throws RunnerException, IOException {
    Path out = Path.of(args.length > 0 ? args[0] : "target/bench");
    boolean quick = args.length > 1 && args[1].equals("quick");
    ChainedOptionsBuilder opts =
        new OptionsBuilder()
            .include(ClientOverheadBenchmark.class.getName())
            .include(RepositoryOverheadBenchmark.class.getName())
            .mode(Mode.SampleTime)
            .timeUnit(java.util.concurrent.TimeUnit.MICROSECONDS)
            .forks(1)
            .jvmArgs("-Xms1g", "-Xmx1g")
            .warmupIterations(quick ? 2 : 4)
            .warmupTime(TimeValue.seconds(quick ? 1 : 2))
            .measurementIterations(quick ? 3 : 6)
            .measurementTime(TimeValue.seconds(quick ? 1 : 2))
            .addProfiler(GCProfiler.class)
            .addProfiler(CpuProfiler.class);
    Collection<RunResult> results = new Runner(opts.build()).run();

    Map<String, Map<String, Figures>> byCall = new LinkedHashMap<>();
    for (RunResult r : results) {
      String side =
          r.getParams().getBenchmark().substring(r.getParams().getBenchmark().lastIndexOf('.') + 1);
      String call = r.getParams().getParam("call");
      Statistics s = r.getPrimaryResult().getStatistics();
      Map<String, Result> sec = r.getSecondaryResults();
      byCall
          .computeIfAbsent(call, k -> new LinkedHashMap<>())
          .put(
              side,
              new Figures(
                  s.getPercentile(50),
                  s.getPercentile(99),
                  score(sec, "gc.alloc.rate.norm"),
                  score(sec, "cpu.time.norm") / 1000.0));
    }
    write(out, byCall, quick);
  }

  private static double score(Map<String, Result> sec, String key) {
    Result r = sec.get(key);
    return r == null ? Double.NaN : r.getScore();
  }

  private static void write(Path dir, Map<String, Map<String, Figures>> byCall, boolean quick)
      throws IOException {
    List<String> md = new ArrayList<>();
    List<String> csv = new ArrayList<>();
    md.add("| call | side | p50 µs | p99 µs | alloc B/call | CPU µs/call |");
    md.add("|---|---|---:|---:|---:|---:|");
    csv.add("call,side,p50_us,p99_us,alloc_bytes,cpu_us");
    List<String> ratios = new ArrayList<>();
    ratios.add("| call | time p50 SDK/raw | time p99 SDK/raw | alloc SDK/raw | CPU SDK/raw |");
    ratios.add("|---|---:|---:|---:|---:|");
    for (Map.Entry<String, Map<String, Figures>> e : byCall.entrySet()) {
      for (Map.Entry<String, Figures> side : e.getValue().entrySet()) {
        Figures f = side.getValue();
        md.add(
            String.format(
                Locale.ROOT,
                "| %s | %s | %.1f | %.1f | %.0f | %.1f |",
                e.getKey(),
                side.getKey(),
                f.p50Us,
                f.p99Us,
                f.allocBytes,
                f.cpuUs));
        csv.add(
            String.format(
                Locale.ROOT,
                "%s,%s,%.2f,%.2f,%.0f,%.2f",
                e.getKey(),
                side.getKey(),
                f.p50Us,
                f.p99Us,
                f.allocBytes,
                f.cpuUs));
      }
      Figures sdk = e.getValue().get("sdk");
      Figures raw = e.getValue().get("raw");
      if (sdk != null && raw != null) {
        ratios.add(
            String.format(
                Locale.ROOT,
                "| %s | %.2fx | %.2fx | %.2fx | %.2fx |",
                e.getKey(),
                sdk.p50Us / raw.p50Us,
                sdk.p99Us / raw.p99Us,
                sdk.allocBytes / raw.allocBytes,
                sdk.cpuUs / raw.cpuUs));
      }
    }
    List<String> report = new ArrayList<>();
    report.add(
        "# SDK cost per call vs raw OkHttp + Jackson" + (quick ? " (quick run: rough)" : ""));
    report.add("");
    report.add(
        "Calls: `rpc` a small RPC, `rows100`/`rows10000` a table read (sdk-core); `stats` a coordinator's "
            + "year of monthly stats (StatsRepository, 48 rows), `kpis` the KPI card (AdminDataRepository, one RPC).");
    report.add("");
    report.add(
        "Machine: "
            + Runtime.getRuntime().availableProcessors()
            + " cores, "
            + System.getProperty("java.vm.name")
            + " "
            + System.getProperty("java.version")
            + ", "
            + System.getProperty("os.name")
            + " "
            + System.getProperty("os.arch")
            + ". Stub server in its own JVM on loopback; JMH SampleTime, 1 fork.");
    report.add("");
    report.addAll(md);
    report.add("");
    report.addAll(ratios);
    Files.createDirectories(dir);
    Files.write(dir.resolve("client-overhead.md"), report, StandardCharsets.UTF_8);
    Files.write(dir.resolve("client-overhead.csv"), csv, StandardCharsets.UTF_8);
    System.out.println();
    report.forEach(System.out::println);
    System.out.println();
    System.out.println(
        "written: "
            + dir.resolve("client-overhead.md")
            + ", "
            + dir.resolve("client-overhead.csv"));
  }
}
