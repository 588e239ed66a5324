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
 * # the same through ActivityAggregationService.streamActivities from MockWebServer (HTTP, stream parser)
 * java -Xmx64m -cp "$CP" no.likeperson.sdk.bufdir.BufdirExportBenchmark stream-wire 10000 5
 * </pre>
 *
 * (CP: the module's test class path, see docs/bufdir-report.md.)
 */
public final class BufdirExportBenchmark {

  private BufdirExportBenchmark() {}

  public static void main(String[] args) throws IOException {
    String mode = args.length > 0 ? args[0] : "sizes";
    int mentors = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
    int types = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    if (mode.equals("stream-csv")) {
      streamCsv(mentors, types);
    } else if (mode.equals("stream-wire")) {
      streamWire(mentors, types);
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
      System.out.printf(
          Locale.ROOT,
          "%-9s %,12d bytes  write(payload) %6.1f ms  export(streamed, incl. making the records) %6.1f ms%n",
          format,
          bytes,
          best / 1e6,
          streamed / 1e6);
    }
  }

  private static void streamCsv(int mentors, int types) throws IOException {
    measure("stream-csv", mentors, types, ExportFixtures.syntheticSource(mentors, types));
  }

  /**
   * The RPC's answer for the synthetic payload is written once into MockWebServer's buffer (it
   * stays on the heap during the run and counts in the peak); the export then streams it through
   * the SDK.
   */
  private static void streamWire(int mentors, int types) throws IOException {
    okio.Buffer body = new okio.Buffer();
    try (com.fasterxml.jackson.core.JsonGenerator g =
        JsonExportSink.MAPPER.getFactory().createGenerator(body.outputStream())) {
      ExportFixtures.syntheticSource(mentors, types)
          .accept(
              new BufdirRecordListener() {
                @Override
                public void onSummary(BufdirSummary s) {
                  try {
                    g.writeStartObject();
                    for (java.util.Map.Entry<String, com.fasterxml.jackson.databind.JsonNode> f :
                        JsonExportSink.MAPPER
                            .<com.fasterxml.jackson.databind.node.ObjectNode>valueToTree(s)
                            .properties()) {
                      g.writeFieldName(f.getKey());
                      g.writeTree(f.getValue());
                    }
                    g.writeArrayFieldStart("peer_mentor_records");
                  } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                  }
                }

                @Override
                public void onRecord(BufdirPeerMentorRecord r) {
                  try {
                    g.writeStartObject();
                    g.writeStringField("peer_mentor_id", r.peerMentorId().toString());
                    g.writeStringField("full_name", r.fullName());
                    g.writeNumberField("session_count", r.sessionCount());
                    g.writeNumberField("duration_minutes", r.durationMinutes());
                    g.writeNumberField("activity_count", r.activityCount());
                    g.writeNumberField(
                        "activities_without_duration", r.activitiesWithoutDuration());
                    g.writeNumberField("proxy_activity_count", r.proxyActivityCount());
                    g.writeArrayFieldStart("activity_types");
                    for (BufdirActivityTypeBreakdown b : r.activityTypes()) {
                      g.writeStartObject();
                      g.writeStringField("activity_type_id", b.activityTypeId().toString());
                      g.writeNumberField("session_count", b.sessionCount());
                      g.writeNumberField("duration_minutes", b.durationMinutes());
                      g.writeNumberField("activity_count", b.activityCount());
                      g.writeEndObject();
                    }
                    g.writeEndArray();
                    g.writeEndObject();
                  } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                  }
                }
              });
      g.writeEndArray();
      g.writeEndObject();
    }
    long wireBytes = body.size();
    try (mockwebserver3.MockWebServer server = new mockwebserver3.MockWebServer()) {
      server.start();
      server.enqueue(
          new mockwebserver3.MockResponse.Builder()
              .code(200)
              .addHeader("Content-Type", "application/json")
              .body(body)
              .build());
      try (no.likeperson.sdk.core.SupabaseClient client = WireFixture.client(server)) {
        ActivityAggregationService service = ActivityAggregationService.create(client);
        System.out.printf(Locale.ROOT, "wire answer: %,d bytes%n", wireBytes);
        measure(
            "stream-wire",
            mentors,
            types,
            listener ->
                service.streamActivities(
                    WireFixture.ORG,
                    ExportFixtures.FROM,
                    ExportFixtures.TO,
                    ScopeLevel.CHAPTER,
                    listener));
      }
    }
  }

  private static void measure(
      String what, int mentors, int types, java.util.function.Consumer<BufdirRecordListener> source)
      throws IOException {
    System.gc();
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      pool.resetPeakUsage();
    }
    CountingSink out = new CountingSink();
    long t0 = System.nanoTime();
    BufdirExporter.create(BufdirExportFormat.CSV).export(out, source);
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
    System.out.printf(
        Locale.ROOT,
        "%s: %,d mentors x %d types, %,d bytes in %.1f ms; max heap %,d MB; peak heap used %.1f MB "
            + "(sum of the heap pools' peaks: an upper bound), of it old generation %.1f MB%n",
        what,
        mentors,
        types,
        out.count,
        nanos / 1e6,
        Runtime.getRuntime().maxMemory() >> 20,
        peak / 1048576.0,
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
