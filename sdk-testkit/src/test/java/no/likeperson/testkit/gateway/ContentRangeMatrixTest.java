package no.likeperson.testkit.gateway;

import static no.likeperson.testkit.gateway.GatewayFixture.bearer;
import static no.likeperson.testkit.gateway.GatewayFixture.serviceToken;
import static org.assertj.core.api.Assertions.assertThat;

import no.likeperson.testkit.gateway.GatewayFixture.Reply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Reference §4's algorithm checked case by case (the review's conformance matrix): {@code items}
 * has 13 rows, {@code empty} none, {@code many} 1,205 (max-rows 1,000), {@code rpc/numbers} 3.
 */
class ContentRangeMatrixTest {
  private final GatewayFixture f = GatewayFixture.get();

  @ParameterizedTest(name = "{0} {1} {2} -> {3} {4}")
  @CsvSource(
      delimiter = '|',
      nullValues = "-",
      value = {
        "GET  | /items?select=id                   | -           | 200 | 0-12/*",
        "GET  | /items?select=id&limit=5           | count=exact | 206 | 0-4/13",
        "GET  | /items?select=id                   | count=exact | 200 | 0-12/13",
        "GET  | /items?select=id&offset=12         | count=exact | 206 | 12-12/13",
        "GET  | /items?select=id&offset=13         | count=exact | 206 | */13",
        "GET  | /items?select=id&offset=14         | count=exact | 416 | */13",
        "GET  | /items?select=id&offset=14         | -           | 200 | */*",
        "GET  | /items?select=id&limit=0           | count=exact | 206 | */13",
        "GET  | /items?select=id&id=eq.-1          | -           | 200 | */*",
        "GET  | /items?select=id&id=eq.-1          | count=exact | 200 | */0",
        "GET  | /empty                             | count=exact | 200 | */0",
        "GET  | /empty?offset=1                    | count=exact | 416 | */0",
        "GET  | /many?select=n                     | count=exact | 206 | 0-999/1205",
        "GET  | /many?select=n                     | -           | 200 | 0-999/*",
        "GET  | /many?select=n&offset=1200         | count=exact | 206 | 1200-1204/1205",
        "HEAD | /items?select=id&limit=5           | count=exact | 206 | 0-4/13",
        "HEAD | /items?select=id&offset=14         | count=exact | 416 | */13",
        "GET  | /rpc/numbers                       | count=exact | 200 | 0-2/3",
        "GET  | /rpc/numbers?limit=1               | count=exact | 206 | 0-0/3",
        "GET  | /rpc/numbers?offset=4              | count=exact | 416 | */3",
        "GET  | /items?select=id&limit=5           | count=estimated | 206 | 0-4/13",
      })
  void reads_followTheContentRangeAlgorithm(
      String method, String path, String prefer, int status, String range) {
    Reply r =
        prefer == null ? f.send(method, path, null) : f.send(method, path, null, "Prefer", prefer);
    assertThat(r.status()).as(r.body()).isEqualTo(status);
    assertThat(r.header("Content-Range")).isEqualTo(range);
    assertThat(r.header("Range-Unit")).isNull();
    if (prefer != null) {
      assertThat(r.header("Preference-Applied")).isEqualTo(prefer);
    }
    if (status == 416 && method.equals("GET")) {
      assertThat(r.code()).isEqualTo("PGRST103");
      String total = range.substring(2);
      String offset = path.substring(path.indexOf("offset=") + 7);
      assertThat(r.json().get("details").asText())
          .isEqualTo(
              "An offset of " + offset + " was requested, but there are only " + total + " rows.");
    }
  }

  @Test
  void rangeHeader_givesTheSameAnswerAsLimitOffset() {
    Reply r = f.get("/items?select=id", "Range", "2-4", "Prefer", "count=exact");
    assertThat(r.status()).isEqualTo(206);
    assertThat(r.header("Content-Range")).isEqualTo("2-4/13");
    assertThat(r.json().size()).isEqualTo(3);
  }

  @Test
  void mutations_neverAnswer206_andUseTheirOwnContentRangeShapes() {
    String svc = serviceToken();
    Reply post =
        f.post(
            "/parents",
            "[{\"id\":950,\"code\":\"a\"},{\"id\":951,\"code\":\"b\"}]",
            bearer(svc, "Prefer", "count=exact, tx=rollback"));
    assertThat(post.status()).isEqualTo(201);
    assertThat(post.header("Content-Range")).isEqualTo("*/2");
    Reply postNoCount =
        f.post("/parents", "{\"id\":952,\"code\":\"c\"}", bearer(svc, "Prefer", "tx=rollback"));
    assertThat(postNoCount.header("Content-Range")).isEqualTo("*/*");
    Reply patch =
        f.send(
            "PATCH",
            "/items?id=in.(1,2)",
            "{\"note\":\"z\"}",
            bearer(svc, "Prefer", "tx=rollback"));
    assertThat(patch.status()).as(patch.body()).isEqualTo(204);
    assertThat(patch.header("Content-Range")).isEqualTo("0-1/*");
    Reply patchCount =
        f.send(
            "PATCH",
            "/items?id=in.(1,2)",
            "{\"note\":\"z\"}",
            bearer(svc, "Prefer", "count=exact, tx=rollback"));
    assertThat(patchCount.header("Content-Range")).isEqualTo("0-1/2");
    Reply patchNone =
        f.send(
            "PATCH", "/items?id=eq.-1", "{\"note\":\"z\"}", bearer(svc, "Prefer", "tx=rollback"));
    assertThat(patchNone.header("Content-Range")).isEqualTo("*/*");
    Reply delete =
        f.send(
            "DELETE", "/parents?id=eq.-1", null, bearer(svc, "Prefer", "count=exact, tx=rollback"));
    assertThat(delete.status()).isEqualTo(204);
    assertThat(delete.header("Content-Range")).isEqualTo("*/0");
    assertThat(f.get("/items?select=id&note=eq.z").body()).isEqualTo("[]");
    assertThat(f.get("/parents?id=in.(950,951,952)").body()).isEqualTo("[]");
  }
}
