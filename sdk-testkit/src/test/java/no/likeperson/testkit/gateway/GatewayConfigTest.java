package no.likeperson.testkit.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class GatewayConfigTest {
  private static final String SECRET = GatewayFixture.SECRET;

  private static GatewayConfig.Builder valid() {
    return GatewayConfig.builder()
        .jdbcUrl("jdbc:postgresql://127.0.0.1:1/db", "authenticator", "pw")
        .jwtSecret(SECRET);
  }

  @Test
  void build_defaultsAreSupabases() {
    GatewayConfig c = valid().build();
    assertThat(c.host()).isEqualTo("127.0.0.1");
    assertThat(c.port()).isZero();
    assertThat(c.schemas()).containsExactly("public");
    assertThat(c.anonRole()).isEqualTo("anon");
    assertThat(c.maxRows()).isEqualTo(1000);
    assertThat(c.txOverrideAllowed()).isTrue();
    assertThat(c.maxRequestBodyBytes())
        .isEqualTo(GatewayConfig.DEFAULT_MAX_REQUEST_BODY_BYTES)
        .isEqualTo(1_048_576L);
  }

  @Test
  void build_rejectsShortSecretMissingSourceAndBadRanges() {
    assertThatThrownBy(() -> valid().jwtSecret("short").build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> GatewayConfig.builder().jwtSecret(SECRET).build())
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(
            () -> GatewayConfig.builder().jdbcUrl("jdbc:postgresql://x/y", "u", "p").build())
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> valid().port(70000).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> valid().poolSize(0).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> valid().maxRows(0).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> valid().maxRequestBodyBytes(0).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> valid().schemas(List.of()).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> valid().schemas(List.of("pg_catalog")).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> valid().jwtSecret(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("jwtSecret == null");
  }

  @Test
  void toString_neverPrintsSecretOrPassword() {
    String s = valid().build().toString();
    assertThat(s).doesNotContain(SECRET).doesNotContain("pw,").contains("authenticator");
  }

  @Test
  void toString_hidesJdbcUrlQueryWhichMayHoldAPassword() {
    String s =
        GatewayConfig.builder()
            .jdbcUrl("jdbc:postgresql://h/db?user=a&password=topsecret", "a", "b")
            .jwtSecret(SECRET)
            .build()
            .toString();
    assertThat(s).doesNotContain("topsecret").contains("jdbc:postgresql://h/db?...");
  }

  @Test
  void schemas_areDefensivelyCopied() {
    List<String> l = new java.util.ArrayList<>(List.of("public"));
    GatewayConfig c = valid().schemas(l).build();
    l.add("other");
    assertThat(c.schemas()).containsExactly("public");
    assertThatThrownBy(() -> c.schemas().add("x"))
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
