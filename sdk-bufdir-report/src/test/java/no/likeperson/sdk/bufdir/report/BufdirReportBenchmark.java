package no.likeperson.sdk.bufdir.report;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Locale;
import no.likeperson.sdk.bufdir.BufdirPayload;
import no.likeperson.sdk.bufdir.BufdirPeerMentorRecord;

/**
 * Prints the PDF report's size, time and peak heap for a synthetic payload, streamed (each record
 * made on the fly, as the aggregation's streaming form delivers them); asserts nothing.
 *
 * <pre>
 * java -Djava.awt.headless=true -Xmx64m -cp "$CP" no.likeperson.sdk.bufdir.report.BufdirReportBenchmark 10000
 * </pre>
 */
public final class BufdirReportBenchmark {

  private BufdirReportBenchmark() {}

  public static void main(String[] args) throws IOException {
    int mentors = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int types = ReportFixtures.TYPES.size();
    // the summary of the records below, from a small payload's shape: totals are computed in one
    // pass
    long s = 0, m = 0, a = 0, p = 0, w = 0;
    for (int n = 1; n <= mentors; n++) {
      BufdirPeerMentorRecord r = ReportFixtures.mentor(n, types);
      s += r.sessionCount();
      m += r.durationMinutes();
      a += r.activityCount();
      p += r.proxyActivityCount();
      w += r.activitiesWithoutDuration();
    }
    BufdirPayload shape = ReportFixtures.mentors(1);
    var summary =
        new no.likeperson.sdk.bufdir.BufdirSummary(
            shape.organisationId(),
            shape.scope(),
            shape.periodStart(),
            shape.periodEnd(),
            new no.likeperson.sdk.bufdir.BufdirTotals(mentors, s, m, a, p, w),
            shape.activityTypes(),
            shape.multiChapterMentors());
    System.gc();
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      pool.resetPeakUsage();
    }
    long[] bytes = new long[1];
    OutputStream sink =
        new OutputStream() {
          @Override
          public void write(int b) {
            bytes[0]++;
          }

          @Override
          public void write(byte[] b, int off, int len) {
            bytes[0] += len;
          }
        };
    long t0 = System.nanoTime();
    BufdirReport.builder()
        .organisationName("Benchmark")
        .build()
        .export(
            sink,
            listener -> {
              listener.onSummary(summary);
              for (int n = 1; n <= mentors; n++) {
                listener.onRecord(ReportFixtures.mentor(n, types));
              }
            });
    long nanos = System.nanoTime() - t0;
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    System.out.printf(
        Locale.ROOT,
        "pdf: %,d mentors x %d types, %,d bytes in %.1f ms; max heap %,d MB; "
            + "peak heap used %.1f MB (sum of the heap pools' peaks)%n",
        mentors,
        types,
        bytes[0],
        nanos / 1e6,
        Runtime.getRuntime().maxMemory() >> 20,
        peak / 1048576.0);
  }
}
