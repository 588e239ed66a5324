package no.likeperson.sdk.core;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.UnaryOperator;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of the API-surface tests: a started MockWebServer (TCP_NODELAY) and a client pointed at it
 * without retries or circuit breaker ({@link ApiFixture#client}), closed after each test.
 */
abstract class ApiTest {

  @StartStop final MockWebServer server = MockServers.noDelay();

  SupabaseClient client;

  @BeforeEach
  void setUpClient() {
    client = ApiFixture.client(server);
  }

  @AfterEach
  void closeClient() {
    client.close();
  }

  /** Lists table {@code t} as shaped by {@code query} (answered with []); returns the request. */
  RecordedRequest send(UnaryOperator<TableQuery> query) throws InterruptedException {
    server.enqueue(ApiFixture.json("[]"));
    query.apply(client.from("t")).list(JsonNode.class);
    return server.takeRequest();
  }
}
