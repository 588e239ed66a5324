package no.likeperson.sdk.bufdir.bench;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.UUID;
import no.likeperson.sdk.bufdir.ActivityAggregationService;
import no.likeperson.sdk.bufdir.BufdirActivityTypeBreakdown;
import no.likeperson.sdk.bufdir.BufdirPayload;
import no.likeperson.sdk.bufdir.ScopeLevel;
import no.likeperson.sdk.core.AccessTokenProvider;
import no.likeperson.sdk.core.SupabaseClient;

/**
 * The child JVM of {@link BufdirBenchmark}: exports the NATIONAL year as CSV-like lines (one per mentor
 * and type) to a temporary file, either streamed ({@code stream}) or from the whole payload
 * ({@code payload}), and prints the rows written and the peak heap used.
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
    long[] rows = {0};
    long t = System.nanoTime();
    try (SupabaseClient client = SupabaseClient.builder().url(url).apiKey(anonKey)
        .accessTokenProvider(AccessTokenProvider.of(token)).build();
         BufferedWriter out = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(file),
             StandardCharsets.UTF_8))) {
      ActivityAggregationService service = ActivityAggregationService.create(client);
      LocalDate from = LocalDate.of(2026, 1, 1);
      LocalDate to = LocalDate.of(2026, 12, 31);
      out.write("peer_mentor_id;activity_type;sessions;minutes;activities\n");
      if (stream) {
        service.streamActivities(root, from, to, ScopeLevel.NATIONAL, r -> {
          try {
            for (BufdirActivityTypeBreakdown b : r.activityTypes()) {
              out.write(r.peerMentorId() + ";" + b.code() + ";" + b.sessionCount() + ";" + b.durationMinutes() + ";"
                  + b.activityCount() + "\n");
              rows[0]++;
            }
          } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });
      } else {
        BufdirPayload p = service.aggregateActivities(root, from, to, ScopeLevel.NATIONAL);
        for (var r : p.peerMentorRecords()) {
          for (BufdirActivityTypeBreakdown b : r.activityTypes()) {
            out.write(r.peerMentorId() + ";" + b.code() + ";" + b.sessionCount() + ";" + b.durationMinutes() + ";"
                + b.activityCount() + "\n");
            rows[0]++;
          }
        }
      }
    } catch (OutOfMemoryError e) {
      System.out.println("OutOfMemoryError after " + rows[0] + " rows");
      return;
    } finally {
      Files.deleteIfExists(file);
    }
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    System.out.printf("%,d rows in %.1f s, peak heap %.1f MB of %.0f MB max%n", rows[0],
        (System.nanoTime() - t) / 1e9, peak / 1048576.0, Runtime.getRuntime().maxMemory() / 1048576.0);
  }
}
