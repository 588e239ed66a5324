package no.likeperson.sdk.bufdir;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.LocalDate;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import no.likeperson.sdk.core.SupabaseClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The exporter fed by the real streaming form: ActivityAggregationService parsing an RPC answer
 * from MockWebServer, record by record, into the exporter.
 */
class BufdirExportWireTest {
  static final LocalDate FROM = LocalDate.of(2026, 1, 1);
  static final LocalDate TO = LocalDate.of(2026, 12, 31);

  @StartStop final MockWebServer server = new MockWebServer();
  SupabaseClient client;
  ActivityAggregationService service;

  @BeforeEach
  void setUp() {
    client = WireFixture.client(server);
    service = ActivityAggregationService.create(client);
  }

  @AfterEach
  void tearDown() {
    client.close();
  }

  /** A synthetic payload of {@link WireFixture#ORG}, chapter scope. */
  static BufdirPayload payload(int mentors, int types) {
    BufdirPayload p = ExportFixtures.synthetic(mentors, types);
    return new BufdirPayload(
        WireFixture.ORG,
        ScopeLevel.CHAPTER,
        FROM,
        TO,
        p.totals(),
        p.activityTypes(),
        p.multiChapterMentors(),
        p.peerMentorRecords());
  }

  /**
   * The RPC's answer for a payload: as its JSON, but each group refers to the type dictionary by id
   * only, with the RPC's short keys ({@code type}, {@code sessions}, {@code minutes}, {@code
   * count}).
   */
  static String wire(BufdirPayload payload) {
    ObjectNode doc = JsonExportSink.MAPPER.valueToTree(payload);
    for (JsonNode record : doc.get("peer_mentor_records")) {
      com.fasterxml.jackson.databind.node.ArrayNode groups =
          (com.fasterxml.jackson.databind.node.ArrayNode) record.get("activity_types");
      for (int i = 0; i < groups.size(); i++) {
        JsonNode g = groups.get(i);
        ObjectNode shortGroup = JsonExportSink.MAPPER.createObjectNode();
        shortGroup.set("type", g.get("activity_type_id"));
        shortGroup.set("sessions", g.get("session_count"));
        shortGroup.set("minutes", g.get("duration_minutes"));
        shortGroup.set("count", g.get("activity_count"));
        groups.set(i, shortGroup);
      }
    }
    return doc.toString();
  }

  String stream(BufdirExportFormat format, OutputStream out) throws IOException {
    BufdirExporter.create(format)
        .export(
            out,
            listener ->
                service.streamActivities(WireFixture.ORG, FROM, TO, ScopeLevel.CHAPTER, listener));
    return out.toString();
  }

  @Test
  void streamedFromTheWire_eachFormatReadsBackEqualToThePayload() throws IOException {
    BufdirPayload payload = payload(300, 4);
    assertThat(wire(payload))
        .doesNotContain(
            "\"code\":\"type-0\",\"name\":\"Aktivitetstype nr. 0 (økt på tvers)\",\"session");
    for (BufdirExportFormat format : BufdirExportFormat.values()) {
      server.enqueue(WireFixture.json(wire(payload)));
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      stream(format, out);
      ByteArrayOutputStream whole = new ByteArrayOutputStream();
      BufdirExporter.create(format).write(payload, whole);
      assertThat(out.toByteArray()).as(format.name()).isEqualTo(whole.toByteArray());
    }
    ByteArrayOutputStream csv = new ByteArrayOutputStream();
    server.enqueue(WireFixture.json(wire(payload)));
    stream(BufdirExportFormat.CSV, csv);
    assertThat(CsvReadBack.read(csv.toString(UTF_8), ',')).isEqualTo(payload);
    ByteArrayOutputStream json = new ByteArrayOutputStream();
    server.enqueue(WireFixture.json(wire(payload)));
    stream(BufdirExportFormat.JSON, json);
    assertThat(JsonExportSink.MAPPER.readValue(json.toByteArray(), BufdirPayload.class))
        .isEqualTo(payload);
  }

  @Test
  void responseBreaksAfterSomeRecords_theServiceErrorReachesTheCaller_andTheFileHasNoEnd() {
    String body = wire(payload(50, 2));
    String partial =
        body.substring(0, body.indexOf("{\"peer_mentor_id\":\"" + ExportFixtures.mentorId(20)));
    try (SupabaseClient retrying = WireFixture.retryingClient(server)) {
      ActivityAggregationService s = ActivityAggregationService.create(retrying);
      for (BufdirExportFormat format : BufdirExportFormat.values()) {
        server.enqueue(
            new MockResponse.Builder()
                .code(200)
                .addHeader("Content-Type", "application/json")
                .body(partial)
                .setHeader("Content-Length", "10000000")
                .build());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThatThrownBy(
                () ->
                    BufdirExporter.create(format)
                        .export(
                            out,
                            listener ->
                                s.streamActivities(
                                    WireFixture.ORG, FROM, TO, ScopeLevel.CHAPTER, listener)))
            .as(format.name())
            .isInstanceOf(BufdirException.class)
            .hasMessageContaining("incomplete");
        String written = out.toString(UTF_8);
        assertThat(written)
            .as(format.name())
            .doesNotContain("total,", "total;")
            .doesNotEndWith("]}");
      }
    }
  }

  @Test
  void serverTotalsThatContradictItsRecords_areRefused() {
    BufdirPayload p = payload(5, 2);
    BufdirPayload lying =
        new BufdirPayload(
            p.organisationId(),
            p.scope(),
            p.periodStart(),
            p.periodEnd(),
            new BufdirTotals(6, 1, 1, 1, 0, 0),
            p.activityTypes(),
            p.multiChapterMentors(),
            p.peerMentorRecords());
    server.enqueue(WireFixture.json(wire(lying)));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThatThrownBy(() -> stream(BufdirExportFormat.CSV, out))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("totals count 6 peer mentors but 5 records");
    assertThat(out.toString(UTF_8)).doesNotContain("total,");
  }

  @Test
  void diskFullWhileStreaming_throwsTheIOExceptionItself() {
    server.enqueue(WireFixture.json(wire(payload(2000, 5))));
    IOException diskFull = new IOException("No space left on device");
    OutputStream filling =
        new OutputStream() {
          long written;

          @Override
          public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
          }

          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            written += len;
            if (written > 100_000) {
              throw diskFull;
            }
          }
        };
    assertThatThrownBy(
            () ->
                BufdirExporter.create(BufdirExportFormat.CSV)
                    .export(
                        filling,
                        listener ->
                            service.streamActivities(
                                WireFixture.ORG, FROM, TO, ScopeLevel.CHAPTER, listener)))
        .isSameAs(diskFull);
  }
}
