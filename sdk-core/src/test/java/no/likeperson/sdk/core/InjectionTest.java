package no.likeperson.sdk.core;

import static no.likeperson.sdk.core.ApiFixture.json;
import static no.likeperson.sdk.core.ApiFixture.params;
import static no.likeperson.sdk.core.ApiFixture.parsePostgrestList;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import mockwebserver3.RecordedRequest;
import no.likeperson.sdk.core.error.InvalidRequestException;
import org.junit.jupiter.api.Test;

/**
 * Attacker-controlled strings (a search box, a path parameter) must stay one value: they can never
 * add a query parameter, widen a filter, escape a list or tree, or leave /rest/v1/.
 */
class InjectionTest extends ApiTest {

  @Test
  void valueCannotAddQueryParameters() throws Exception {
    server.enqueue(json("[]"));
    client.from("users").eq("email", "x@y.no&org_id=neq.0&select=*").list(JsonNode.class);
    RecordedRequest r = server.takeRequest();
    assertThat(r.getUrl().queryParameterNames()).containsExactly("email");
    assertThat(params(r, "email")).containsExactly("eq.x@y.no&org_id=neq.0&select=*");
  }

  @Test
  void valueCannotBreakOutOfOrTree() throws Exception {
    server.enqueue(json("[]"));
    String hostile = "a),org_id.neq.00000000-0000-0000-0000-000000000000,or(name.eq.b";
    client
        .from("users")
        .or(Filter.ilike("name", hostile), Filter.eq("email", hostile))
        .list(JsonNode.class);
    String tree = params(server.takeRequest(), "or").get(0);
    // exactly two elements, each carrying the whole hostile text
    List<String> elements =
        parsePostgrestList(tree.replace("(name.ilike.", "(").replace(",email.eq.", ","));
    assertThat(elements).containsExactly(hostile, hostile);
  }

  @Test
  void valueCannotBreakOutOfInList() throws Exception {
    server.enqueue(json("[]"));
    String hostile = "1),id.neq.(0";
    client.from("users").in("id", List.of(hostile)).list(JsonNode.class);
    String p = params(server.takeRequest(), "id").get(0);
    assertThat(parsePostgrestList(p.substring(3))).containsExactly(hostile);
  }

  @Test
  void columnNameCannotInjectAFilter() throws Exception {
    server.enqueue(json("[]"));
    client.from("users").eq("id=eq.1&org_id", "x").list(JsonNode.class);
    RecordedRequest r = server.takeRequest();
    assertThat(r.getUrl().queryParameterNames()).containsExactly("\"id=eq.1&org_id\"");
  }

  @Test
  void plusSignCannotTurnIntoSpace() throws Exception {
    server.enqueue(json("[]"));
    client.from("users").eq("phone", "+4712345678").list(JsonNode.class);
    assertThat(server.takeRequest().getTarget()).endsWith("phone=eq.%2B4712345678");
  }

  @Test
  void relationOrFunctionName_cannotLeaveRestV1() throws Exception {
    assertThatThrownBy(() -> client.from("..")).isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> client.from(".")).isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> client.rpc("..")).isInstanceOf(InvalidRequestException.class);
    server.enqueue(json("[]"));
    server.enqueue(json("null"));
    client.from("../auth/v1/admin/users").list(JsonNode.class);
    client.rpc("../../auth/v1/token?grant_type=x", Map.of()).maybeSingle(JsonNode.class);
    assertThat(server.takeRequest().getTarget())
        .isEqualTo("/rest/v1/..%2Fauth%2Fv1%2Fadmin%2Fusers");
    assertThat(server.takeRequest().getTarget())
        .isEqualTo("/rest/v1/rpc/..%2F..%2Fauth%2Fv1%2Ftoken%3Fgrant_type=x");
  }

  @Test
  void rpcGetArgumentCannotBecomeAFilter() {
    assertThatThrownBy(() -> client.rpc("search", Map.of("q", "neq.0")).readOnly().execute())
        .isInstanceOf(InvalidRequestException.class);
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void selectWithNulIsRejected() {
    assertThatThrownBy(() -> client.from("t").select("id\0"))
        .isInstanceOf(InvalidRequestException.class);
  }
}
