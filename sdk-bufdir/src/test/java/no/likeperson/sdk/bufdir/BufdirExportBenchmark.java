package no.likeperson.sdk.bufdir;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Locale;

/**
 * Prints the export's figures for a synthetic payload; asserts nothing (the machine is shared).
 *
 * <pre>
 * # sizes and times, whole payload in memory and streamed (10,000 mentors x 5 types)
 * java -cp "$CP" no.likeperson.sdk.bufdir.BufdirExportBenchmark sizes 10000 5
 * # the streaming CSV export's peak heap, under a 64 MB heap
 * java -Xmx64m -cp "$CP" no.likeperson.sdk.bufdir.BufdirExportBenchmark stream-csv 10000 5
 * </pre>
 *
 * (CP: the module's test class path, see docs/bufdir-report.md.)
 */
public final class BufdirExportBenchmark {

  private BufdirExportBenchmark() {
  }

  public static void main(String[] args) throws IOException {
    String mode = args.length > 0 ? args[0] : "sizes";
    int mentors = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
    int types = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    if (mode.equals("stream-csv")) {
      streamCsv(mentors, types);
    } else {
      sizes(mentors, types);
    }
  }

  private static void sizes(int mentors, int types) throws IOException {
    BufdirPayload payload = ExportFixtures.synthetic(mentors, types);
    System.out.printf(Locale.ROOT, "payload: %,d mentors x %d types%n", mentors, types);
    for (BufdirExportFormat format : BufdirExportFormat.values()) {
      BufdirExporter exporter = BufdirExporter.create(format);
      long bytes = 0;
      long best = Long.MAX_VALUE;
      for (int round = 0; round < 5; round++) {
        CountingSink out = new CountingSink();
        long t0 = System.nanoTime();
        exporter.write(payload, out);
        best = Math.min(best, System.nanoTime() - t0);
        bytes = out.count;
      }
      long streamed = Long.MAX_VALUE;
      for (int round = 0; round < 3; round++) {
        long t0 = System.nanoTime();
        exporter.export(new CountingSink(), ExportFixtures.syntheticSource(mentors, types));
        streamed = Math.min(streamed, System.nanoTime() - t0);
      }
      System.out.printf(Locale.ROOT, "%-9s %,12d bytes  write(payload) %6.1f ms  export(streamed, incl. making the records) %6.1f ms%n",
          format, bytes, best / 1e6, streamed / 1e6);
    }
  }

  private static void streamCsv(int mentors, int types) throws IOException {
    System.gc();
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      pool.resetPeakUsage();
    }
    CountingSink out = new CountingSink();
    long t0 = System.nanoTime();
    BufdirExporter.create(BufdirExportFormat.CSV).export(out, ExportFixtures.syntheticSource(mentors, types));
    long nanos = System.nanoTime() - t0;
    long peak = 0;
    long oldPeak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
        if (pool.getName().contains("Old")) {
          oldPeak = pool.getPeakUsage().getUsed();
        }
      }
    }
    System.out.printf(Locale.ROOT,
        "stream-csv: %,d mentors x %d types, %,d bytes in %.1f ms; max heap %,d MB; peak heap used %.1f MB "
            + "(sum of the heap pools' peaks: an upper bound), of it old generation %.1f MB%n",
        mentors, types, out.count, nanos / 1e6, Runtime.getRuntime().maxMemory() >> 20, peak / 1048576.0,
        oldPeak / 1048576.0);
  }

  /** Counts bytes and drops them, so the figures are the exporter's, not the disk's. */
  static final class CountingSink extends OutputStream {
    long count;

    @Override
    public void write(int b) {
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      count += len;
    }
  }
}
