package no.likeperson.sdk.core;

import static no.likeperson.sdk.core.ApiFixture.json;
import static no.likeperson.sdk.core.ApiFixture.noContent;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import no.likeperson.sdk.core.error.ConflictException;
import no.likeperson.sdk.core.error.InvalidRequestException;
import no.likeperson.sdk.core.error.NotExactlyOneRowException;
import no.likeperson.sdk.core.error.ServiceUnavailableException;
import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

/** The async twins: same wire, same results, same typed failures, cancellation. */
class AsyncApiTest extends ApiTest {

  record Row(long id, String name) {}

  /** The cause a failed future carries (unwrapping the ExecutionException of get()). */
  private static Throwable failure(CompletableFuture<?> f) throws InterruptedException {
    try {
      f.get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("future did not complete", e);
    }
    throw new AssertionError("future succeeded");
  }

  @Test
  void listAsync_sendsSameRequestAsSync_andMapsRows() throws Exception {
    server.enqueue(json("[{\"id\":1,\"name\":\"a\"}]"));
    List<Row> rows =
        client
            .from("t")
            .select("id,name")
            .eq("id", 1)
            .order("id", Order.DESC)
            .listAsync(Row.class)
            .get(30, TimeUnit.SECONDS);
    assertThat(rows).containsExactly(new Row(1, "a"));
    RecordedRequest r = server.takeRequest();
    assertThat(r.getMethod()).isEqualTo("GET");
    assertThat(r.getTarget()).isEqualTo("/rest/v1/t?select=id,name&id=eq.1&order=id.desc");
    assertThat(r.getHeaders().get("Accept-Profile")).isEqualTo("public");
  }

  @Test
  void countAsync_isHead() throws Exception {
    server.enqueue(
        new MockResponse.Builder().code(206).addHeader("Content-Range", "0-0/12").build());
    assertThat(client.from("t").countAsync(CountMode.EXACT).get(30, TimeUnit.SECONDS))
        .isEqualTo(12);
    RecordedRequest r = server.takeRequest();
    assertThat(r.getMethod()).isEqualTo("HEAD");
    assertThat(r.getHeaders().get("Prefer")).isEqualTo("count=exact");
  }

  @Test
  void everySyncReadHasAnAsyncTwin_countPageAndGenericRpc() throws Exception {
    server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Range", "*/7").build());
    server.enqueue(json(206, "[{\"id\":1,\"name\":\"a\"}]", "0-0/9"));
    server.enqueue(json("{\"a\":1,\"b\":2}"));
    assertThat(client.from("t").countAsync().get(30, TimeUnit.SECONDS)).isEqualTo(7);
    assertThat(server.takeRequest().getHeaders().get("Prefer")).isEqualTo("count=exact");
    Page<Row> page =
        client
            .from("t")
            .options(RequestOptions.builder().count(CountMode.PLANNED).build())
            .limit(1)
            .pageAsync(Row.class)
            .get(30, TimeUnit.SECONDS);
    assertThat(page.total()).hasValue(9);
    assertThat(server.takeRequest().getHeaders().get("Prefer")).isEqualTo("count=planned");
    Map<String, Integer> m =
        client
            .rpc("kv")
            .singleAsync(
                new com.fasterxml.jackson.core.type.TypeReference<Map<String, Integer>>() {})
            .get(30, TimeUnit.SECONDS);
    assertThat(m).containsEntry("a", 1).containsEntry("b", 2);
  }

  @Test
  void pageSingleAndMaybeSingleAsync() throws Exception {
    server.enqueue(json(206, "[{\"id\":1,\"name\":\"a\"}]", "0-0/5"));
    server.enqueue(json("{\"id\":2,\"name\":\"b\"}"));
    server.enqueue(json("[]"));
    server.enqueue(json("[{\"id\":1,\"name\":\"a\"},{\"id\":2,\"name\":\"b\"}]"));
    Page<Row> page = client.from("t").limit(1).pageAsync(Row.class, CountMode.EXACT).get();
    assertThat(page.total()).hasValue(5);
    assertThat(client.from("t").eq("id", 2).singleAsync(Row.class).get())
        .isEqualTo(new Row(2, "b"));
    assertThat(client.from("t").eq("id", 3).maybeSingleAsync(Row.class).get())
        .isEqualTo(Optional.empty());
    assertThat(failure(client.from("t").maybeSingleAsync(Row.class)))
        .isInstanceOf(NotExactlyOneRowException.class);
    server.takeRequest();
    assertThat(server.takeRequest().getHeaders().get("Accept"))
        .isEqualTo("application/vnd.pgrst.object+json");
  }

  @Test
  void mutationAsync_executeListSingle() throws Exception {
    server.enqueue(new MockResponse.Builder().code(201).build());
    server.enqueue(json(201, "[{\"id\":1,\"name\":\"a\"}]"));
    server.enqueue(json(200, "{\"id\":1,\"name\":\"z\"}"));
    client.from("t").insert(Map.of("name", "a")).executeAsync().get();
    assertThat(client.from("t").insert(Map.of("name", "a")).listAsync(Row.class).get())
        .containsExactly(new Row(1, "a"));
    assertThat(
            client.from("t").update(Map.of("name", "z")).eq("id", 1).singleAsync(Row.class).get())
        .isEqualTo(new Row(1, "z"));
    assertThat(server.takeRequest().getHeaders().get("Prefer")).isEqualTo("return=minimal");
    assertThat(server.takeRequest().getHeaders().get("Prefer")).isEqualTo("return=representation");
    RecordedRequest patch = server.takeRequest();
    assertThat(patch.getMethod()).isEqualTo("PATCH");
    assertThat(patch.getHeaders().get("Accept")).isEqualTo("application/vnd.pgrst.object+json");
  }

  @Test
  void rpcAsync_allShapes() throws Exception {
    server.enqueue(json("3"));
    server.enqueue(json("[1, 2]"));
    server.enqueue(json("null"));
    server.enqueue(noContent());
    assertThat(client.rpc("add", Map.of("a", 1)).readOnly().singleAsync(Integer.class).get())
        .isEqualTo(3);
    assertThat(client.rpc("nums").listAsync(Integer.class).get()).containsExactly(1, 2);
    assertThat(client.rpc("maybe").maybeSingleAsync(JsonNode.class).get()).isEmpty();
    client.rpc("touch").executeAsync().get();
    assertThat(server.takeRequest().getMethod()).isEqualTo("GET");
    assertThat(server.takeRequest().getMethod()).isEqualTo("POST");
  }

  @Test
  void serverError_failsFutureWithTypedException() throws Exception {
    server.enqueue(
        json(
            409,
            "{\"code\":\"23503\",\"details\":\"Key (p)=(99) is not present in "
                + "table \\\"u\\\".\",\"hint\":null,\"message\":\"insert or update on table \\\"u\\\" violates "
                + "foreign key constraint \\\"u_p_fkey\\\"\"}"));
    assertThat(failure(client.from("u").insert(Map.of("p", 99)).executeAsync()))
        .isInstanceOf(ConflictException.class);
  }

  @Test
  void invalidRequest_failsFutureWithoutSending() throws Exception {
    assertThat(failure(client.from("t").delete().executeAsync()))
        .isInstanceOf(InvalidRequestException.class);
    assertThat(failure(client.from("t").eq("v", "x".repeat(9000)).listAsync(Row.class)))
        .isInstanceOf(InvalidRequestException.class);
    assertThat(failure(client.rpc("fn", Map.of("a", "eq.1")).readOnly().executeAsync()))
        .isInstanceOf(InvalidRequestException.class);
    assertThat(
            failure(
                client.from("t").contains("doc", Map.of("k", new Object())).listAsync(Row.class)))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("JSON");
    assertThat(
            failure(
                client
                    .from("t")
                    .contains("doc", Map.of("k", new Object()))
                    .countAsync(CountMode.EXACT)))
        .isInstanceOf(InvalidRequestException.class);
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void readOnlyAsync_isRetried_butPostAsyncIsNot() throws Exception {
    try (SupabaseClient c = ApiFixture.retryingClient(server)) {
      server.enqueue(
          json(503, "{\"code\":\"PGRST000\",\"details\":null,\"hint\":null,\"message\":\"x\"}"));
      server.enqueue(json("[]"));
      assertThat(c.from("t").listAsync(Row.class).get()).isEmpty();
      assertThat(server.getRequestCount()).isEqualTo(2);

      server.enqueue(
          json(503, "{\"code\":\"PGRST000\",\"details\":null,\"hint\":null,\"message\":\"x\"}"));
      assertThat(failure(c.rpc("writes").executeAsync()))
          .isInstanceOf(ServiceUnavailableException.class);
      assertThat(server.getRequestCount()).isEqualTo(3);
    }
  }

  @Test
  void cancellingTheFuture_cancelsTheHttpCall() throws Exception {
    CountDownLatch cancelled = new CountDownLatch(1);
    OkHttpClient http =
        new OkHttpClient.Builder()
            .eventListener(
                new EventListener() {
                  @Override
                  public void canceled(Call call) {
                    cancelled.countDown();
                  }
                })
            .build();
    try (SupabaseClient c =
        SupabaseClient.builder()
            .url(server.url("/").toString())
            .apiKey(ApiFixture.API_KEY)
            .okHttpClient(http)
            .retry(RetrySettings.disabled())
            .circuitBreaker(CircuitBreakerSettings.disabled())
            .build()) {
      server.enqueue(
          new MockResponse.Builder()
              .code(200)
              .body("[]")
              .headersDelay(10, TimeUnit.SECONDS)
              .build());
      CompletableFuture<List<Row>> f = c.from("t").listAsync(Row.class);
      server.takeRequest(); // the call is on the wire
      f.cancel(true);
      assertThat(cancelled.await(30, TimeUnit.SECONDS)).isTrue();
      assertThat(f).isCancelled();
    }
  }
}
