package no.likeperson.sdk.core;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okio.Buffer;

/**
 * Prints numbers, asserts nothing: the cost of the API layer on top of the wire. (1) a Bufdir-sized
 * RPC object (99,802 mentor x type groups, ~16 MB) parsed by streaming through the SDK vs. the same
 * bytes read into a String first; (2) 100,000 rows through {@code list()}; (3) request assembly
 * (filters, in-list of 50 UUIDs, encoding) per request. Run: {@code java -cp <test classpath>
 * no.likeperson.sdk.core.ApiBenchmark}
 */
public final class ApiBenchmark {

  record Group(
      @JsonProperty("peer_mentor_id") UUID mentor,
      @JsonProperty("activity_type") String type,
      @JsonProperty("activity_days") int days,
      @JsonProperty("sessions") int sessions,
      @JsonProperty("participants") int participants) {}

  record Payload(int year, @JsonProperty("org_id") UUID orgId, List<Group> groups) {}

  /** Request assembly only: nothing is sent. */
  private static final class NoTransport implements Transport {
    @Override
    public <T> T execute(WireRequest r, ResponseHandler<T> h) {
      throw new UnsupportedOperationException();
    }

    @Override
    public <T> java.util.concurrent.CompletableFuture<T> executeAsync(
        WireRequest r, ResponseHandler<T> h) {
      throw new UnsupportedOperationException();
    }

    @Override
    public JwtClaims claims() {
      return JwtClaims.anonymous();
    }

    @Override
    public String userToken() {
      return null;
    }

    @Override
    public void close() {}
  }

  public static void main(String[] args) throws Exception {
    int groups = 99_802;
    StringBuilder sb = new StringBuilder(20_000_000);
    sb.append("{\"year\":2026,\"org_id\":\"").append(UUID.randomUUID()).append("\",\"groups\":[");
    for (int i = 0; i < groups; i++) {
      sb.append(i == 0 ? "" : ", \n ")
          .append("{\"peer_mentor_id\":\"")
          .append(new UUID(i, i))
          .append("\",\"activity_type\":\"SAMTALE_")
          .append(i % 17)
          .append("\",\"activity_days\":")
          .append(i % 200)
          .append(",\"sessions\":")
          .append(i % 50)
          .append(",\"participants\":")
          .append(i % 9)
          .append("}");
    }
    sb.append("]}");
    byte[] payload = sb.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);

    StringBuilder rows = new StringBuilder("[");
    for (int i = 0; i < 100_000; i++) {
      rows.append(i == 0 ? "" : ",")
          .append("{\"id\":\"")
          .append(new UUID(1, i))
          .append("\",\"org_id\":\"")
          .append(new UUID(2, i % 1400))
          .append("\",\"activity_date\":\"2026-0")
          .append(1 + i % 9)
          .append("-1")
          .append(i % 10)
          .append("\"}");
    }
    byte[] rowBytes = rows.append("]").toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);

    try (MockWebServer server = new MockWebServer()) {
      server.setDispatcher(
          new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
              byte[] body = request.getTarget().contains("rpc") ? payload : rowBytes;
              return new MockResponse.Builder()
                  .code(200)
                  .addHeader("Content-Type", "application/json; charset=utf-8")
                  .body(new Buffer().write(body))
                  .build();
            }
          });
      server.start();
      try (SupabaseClient client = ApiFixture.client(server)) {
        ObjectMapper mapper = client.objectMapper();
        System.out.printf(
            "payload %.1f MB, %d groups; rows %.1f MB, 100000 rows%n",
            payload.length / 1e6, groups, rowBytes.length / 1e6);
        for (int round = 0; round < 7; round++) {
          long t0 = System.nanoTime();
          Payload p = client.rpc("aggregate_activities_for_org").single(Payload.class);
          long t1 = System.nanoTime();
          String text = new String(payload, java.nio.charset.StandardCharsets.UTF_8);
          Payload q = mapper.readValue(text, Payload.class);
          long t2 = System.nanoTime();
          List<QueryBuilderTest.Activity> list =
              client.from("activities").list(QueryBuilderTest.Activity.class);
          long t3 = System.nanoTime();
          if (p.groups().size() != groups
              || q.groups().size() != groups
              || list.size() != 100_000) {
            throw new AssertionError("wrong sizes");
          }
          System.out.printf(
              "round %d: rpc ~14MB object via SDK (HTTP+stream parse) %4d ms | "
                  + "String + readValue (no HTTP) %4d ms | list 100k rows via SDK %4d ms%n",
              round, (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, (t3 - t2) / 1_000_000);
        }
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
          ids.add(UUID.randomUUID());
        }
        ClientContext ctx =
            new ClientContext(server.url("/rest/v1"), new NoTransport(), mapper, "public");
        int n = 200_000;
        for (int round = 0; round < 3; round++) {
          long t0 = System.nanoTime();
          int len = 0;
          for (int i = 0; i < n; i++) {
            TableQuery q =
                new TableQuery(ctx, "activities")
                    .select("id,org_id,activity_date")
                    .eq("org_id", ids.get(i % 50))
                    .gte("activity_date", java.time.LocalDate.of(2026, 1, 1))
                    .in("peer_mentor_id", ids)
                    .or(Filter.isNull("duration_minutes"), Filter.gte("duration_minutes", 45))
                    .order("activity_date", Order.DESC)
                    .limit(25);
            ClientContext.Spec spec = new ClientContext.Spec("GET");
            spec.path.add("activities");
            q.addFilterParams(ctx, spec);
            len += ctx.build(spec).url().toString().length();
          }
          long t1 = System.nanoTime();
          System.out.printf(
              "request assembly (4 filters, in-list of 50 UUIDs, %d chars): %.2f us/request%n",
              len / n, (t1 - t0) / 1e3 / n);
        }
      }
    }
  }
}
