package no.likeperson.sdk.bufdir;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import no.likeperson.sdk.core.SupabaseClient;
import org.junit.jupiter.api.Test;

/** A stream that breaks before any record reached the listener may be read again. */
class ExportRetryWireTest {

  @StartStop final MockWebServer server = new MockWebServer();

  @Test
  void aBreakBeforeTheFirstRecord_isRetried_andTheExportIsWhole() throws IOException {
    BufdirPayload payload = BufdirExportWireTest.payload(20, 2);
    String body = BufdirExportWireTest.wire(payload);
    String partial = body.substring(0, body.indexOf("\"peer_mentor_records\""));
    try (SupabaseClient retrying = WireFixture.retryingClient(server)) {
      ActivityAggregationService s = ActivityAggregationService.create(retrying);
      server.enqueue(
          new MockResponse.Builder()
              .code(200)
              .addHeader("Content-Type", "application/json")
              .body(partial)
              .setHeader("Content-Length", "10000000")
              .build());
      server.enqueue(WireFixture.json(body));
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      BufdirExporter.create(BufdirExportFormat.JSON)
          .export(
              out,
              listener ->
                  s.streamActivities(
                      WireFixture.ORG,
                      BufdirExportWireTest.FROM,
                      BufdirExportWireTest.TO,
                      ScopeLevel.CHAPTER,
                      listener));
      ByteArrayOutputStream whole = new ByteArrayOutputStream();
      BufdirExporter.create(BufdirExportFormat.JSON).write(payload, whole);
      assertThat(out.toByteArray()).isEqualTo(whole.toByteArray());
      assertThat(server.getRequestCount()).isEqualTo(2);
    }
  }
}
