package no.likeperson.sdk.core;

import static no.likeperson.sdk.core.ApiFixture.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import mockwebserver3.MockResponse;
import mockwebserver3.SocketEffect;
import no.likeperson.sdk.core.error.NotFoundException;
import no.likeperson.sdk.core.error.SupabaseClientException;
import org.junit.jupiter.api.Test;

/**
 * {@link RpcCall#read(JsonBodyReader)}: the body as a parser, for results too big to hold twice.
 */
class RpcReadTest extends ApiTest {

  record Row(long id) {}

  static JsonBodyReader<List<Long>> ids(List<Long> seen) {
    return p -> {
      assertThat(p.nextToken()).isEqualTo(JsonToken.START_ARRAY);
      while (p.nextToken() == JsonToken.START_OBJECT) {
        seen.add(p.readValueAs(Row.class).id()); // the client's mapper is the parser's codec
      }
      return seen;
    };
  }

  @Test
  void read_handsTheBodyToTheReader_asAPostOfNamedArguments() throws Exception {
    server.enqueue(json("[{\"id\":1},{\"id\":2}]"));
    assertThat(client.rpc("rows", Map.of("a", 1)).read(ids(new ArrayList<>())))
        .containsExactly(1L, 2L);
    var r = server.takeRequest();
    assertThat(r.getMethod()).isEqualTo("POST");
    assertThat(r.getTarget()).isEqualTo("/rest/v1/rpc/rows");
    assertThat(r.getBody().utf8()).isEqualTo("{\"a\":1}");
  }

  @Test
  void readAsync_completesWithTheReadersResult() throws Exception {
    server.enqueue(json("[{\"id\":7}]"));
    assertThat(client.rpc("rows").readAsync(ids(new ArrayList<>())).get()).containsExactly(7L);
  }

  @Test
  void read_errorAnswer_neverReachesTheReader() {
    server.enqueue(json(404, "{\"code\":\"PGRST202\",\"message\":\"no such function\"}"));
    AtomicBoolean called = new AtomicBoolean();
    assertThatThrownBy(() -> client.rpc("nope").read(p -> called.getAndSet(true)))
        .isInstanceOf(NotFoundException.class);
    assertThat(called).isFalse();
  }

  @Test
  void read_invalidJson_isANonRetryableClientError() {
    server.enqueue(json("[{\"id\":1},{"));
    assertThatThrownBy(() -> client.rpc("rows").read(ids(new ArrayList<>())))
        .isInstanceOfSatisfying(
            SupabaseClientException.class, e -> assertThat(e.isRetryable()).isFalse());
  }

  @Test
  void read_bodyBrokenOff_isReplayedForAnIdempotentCall_andTheReaderRunsAgain() throws Exception {
    try (SupabaseClient retrying = ApiFixture.retryingClient(server)) {
      server.enqueue(
          new MockResponse.Builder()
              .code(200)
              .setHeader("Content-Length", "1000")
              .body("[{\"id\":1},")
              .onResponseBody(SocketEffect.ShutdownConnection.INSTANCE)
              .build());
      server.enqueue(json("[{\"id\":1},{\"id\":2}]"));
      List<Long> seen = new ArrayList<>();
      retrying
          .rpc("rows")
          .options(RequestOptions.builder().idempotent(true).build())
          .read(ids(seen));
      assertThat(seen).endsWith(1L, 2L); // the second run read the whole body
      assertThat(server.getRequestCount()).isEqualTo(2);
    }
  }

  @Test
  void read_readerThrowingANonRetryableError_isNotReplayed() {
    try (SupabaseClient retrying = ApiFixture.retryingClient(server)) {
      server.enqueue(json("[1]"));
      server.enqueue(json("[1]"));
      assertThatThrownBy(
              () ->
                  retrying
                      .rpc("rows")
                      .options(RequestOptions.builder().idempotent(true).build())
                      .read(
                          p -> {
                            throw new SupabaseClientException(
                                "stop", new IOException("broken"), false);
                          }))
          .isInstanceOf(SupabaseClientException.class)
          .hasMessage("stop");
      assertThat(server.getRequestCount()).isEqualTo(1);
    }
  }

  @Test
  void read_nullReader_isRefused() {
    assertThatThrownBy(() -> client.rpc("rows").read(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("reader == null");
    assertThatThrownBy(() -> client.rpc("rows").readAsync(null))
        .isInstanceOf(NullPointerException.class);
    assertThat(server.getRequestCount()).isZero();
  }

  record Outer(java.util.List<Row> rows) {}

  @Test
  void list_bodyBrokenInsideANestedValue_isAnIoFailure_andReplayed() throws Exception {
    // the body stops inside a nested value (Content-Length promises more; the read times out),
    // which
    // databind reports as a JsonMappingException caused by the IOException: still an I/O failure
    try (SupabaseClient retrying =
        SupabaseClient.builder()
            .url(server.url("/").toString())
            .apiKey(ApiFixture.API_KEY)
            .retry(RetrySettings.noWait())
            .circuitBreaker(CircuitBreakerSettings.disabled())
            .readTimeout(java.time.Duration.ofMillis(500))
            .build()) {
      server.enqueue(
          new MockResponse.Builder()
              .code(200)
              .body("[{\"rows\":[{\"id\":1},{\"id\":")
              .setHeader("Content-Length", "1000")
              .build());
      server.enqueue(json("[{\"rows\":[{\"id\":1}]}]"));
      assertThat(retrying.from("outer").list(Outer.class)).hasSize(1);
      assertThat(server.getRequestCount()).isEqualTo(2);
    }
  }
}
