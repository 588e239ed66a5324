package no.likeperson.sdk.bufdir.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;
import no.likeperson.sdk.bufdir.ActivityAggregationService;
import no.likeperson.sdk.bufdir.BufdirExportFormat;
import no.likeperson.sdk.bufdir.BufdirExporter;
import no.likeperson.sdk.bufdir.BufdirPayload;
import no.likeperson.sdk.bufdir.ScopeLevel;
import no.likeperson.sdk.core.AccessTokenProvider;
import no.likeperson.sdk.core.SupabaseClient;

/**
 * The child JVM of {@link BufdirBenchmark} (run with {@code -Xmx64m}): exports the NATIONAL year
 * with {@link BufdirExporter} as CSV to a temporary file, either from the streaming form ({@code
 * stream}: each record written as it is parsed) or from the whole payload ({@code payload}), and
 * prints the rows and bytes written, the time, and the heap: the most that was still in use after
 * any garbage collection during the export (the live data the export held: what decides whether it
 * fits), the sum of the heap pools' peaks (garbage included; an upper bound), and the collections.
 */
public final class StreamingExportProbe {

  private StreamingExportProbe() {}

  public static void main(String[] args) throws Exception {
    String url = args[0];
    String anonKey = args[1];
    String token = args[2];
    UUID root = UUID.fromString(args[3]);
    boolean stream = args[4].equals("stream");
    Path file = Files.createTempFile("bufdir-national", ".csv");
    LocalDate from = LocalDate.of(2026, 1, 1);
    LocalDate to = LocalDate.of(2026, 12, 31);
    BufdirExporter csv = BufdirExporter.create(BufdirExportFormat.CSV);
    watchCollections();
    long t = System.nanoTime();
    try (SupabaseClient client =
            SupabaseClient.builder()
                .url(url)
                .apiKey(anonKey)
                .accessTokenProvider(AccessTokenProvider.of(token))
                .readTimeout(BufdirBenchmark.PATIENCE)
                .callTimeout(BufdirBenchmark.PATIENCE)
                .build();
        Counting out = new Counting(new BufferedOutputStream(Files.newOutputStream(file)))) {
      ActivityAggregationService service = ActivityAggregationService.create(client);
      try {
        if (stream) {
          csv.export(
              out,
              listener -> service.streamActivities(root, from, to, ScopeLevel.NATIONAL, listener));
        } else {
          BufdirPayload p = service.aggregateActivities(root, from, to, ScopeLevel.NATIONAL);
          csv.write(p, out);
        }
      } catch (OutOfMemoryError e) {
        System.out.println("OutOfMemoryError after " + out.lines + " CSV rows; " + heap());
        return;
      }
      out.flush();
      double seconds = (System.nanoTime() - t) / 1e9;
      System.out.printf(
          "%,d CSV rows (%,d bytes) in %.1f s; %s%n", out.lines, out.bytes, seconds, heap());
    } finally {
      Files.deleteIfExists(file);
    }
  }

  /** The most heap in use right after a collection, over all collections so far. */
  static final AtomicLong MAX_AFTER_GC = new AtomicLong();

  static void watchCollections() {
    Set<String> heapPools = new HashSet<>();
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        heapPools.add(pool.getName());
      }
    }
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      ((NotificationEmitter) gc)
          .addNotificationListener(
              (notification, handback) -> {
                if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(
                    notification.getType())) {
                  GarbageCollectionNotificationInfo info =
                      GarbageCollectionNotificationInfo.from(
                          (CompositeData) notification.getUserData());
                  long used = 0;
                  for (Map.Entry<String, MemoryUsage> e :
                      info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
                    if (heapPools.contains(e.getKey())) { // not Metaspace, code cache...
                      used += e.getValue().getUsed();
                    }
                  }
                  MAX_AFTER_GC.accumulateAndGet(used, Math::max);
                }
              },
              null,
              null);
    }
  }

  static String heap() {
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    long collections = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      collections += Math.max(0, gc.getCollectionCount());
    }
    return String.format(
        "heap: at most %.1f MB in use after a collection, pools' peaks %.1f MB, max %.0f MB, "
            + "%d collections",
        MAX_AFTER_GC.get() / 1048576.0,
        peak / 1048576.0,
        Runtime.getRuntime().maxMemory() / 1048576.0,
        collections);
  }

  /** Counts bytes and lines on their way to the file. */
  static final class Counting extends FilterOutputStream {
    long bytes;
    long lines;

    Counting(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      bytes++;
      if (b == '\n') {
        lines++;
      }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      bytes += len;
      for (int i = off; i < off + len; i++) {
        if (b[i] == '\n') {
          lines++;
        }
      }
    }
  }
}
