package no.likeperson.testkit.gateway;

import static no.likeperson.testkit.gateway.GatewayFixture.Reply;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Range bounds and limit/offset at and beyond the edge of a 64-bit integer: a typed 416 or an
 * answer, never a 500 from an overflow.
 */
class RangeOverflowTest {
  private final GatewayFixture f = GatewayFixture.get();

  @ParameterizedTest
  @ValueSource(
      strings = {
        "0-99999999999999999999",
        "99999999999999999999-",
        "99999999999999999999-99999999999999999999",
        "9223372036854775808-9223372036854775809"
      })
  void rangeHeaderBeyondLong_is416(String range) {
    Reply r = f.get("/items?select=id", "Range", range);
    assertThat(r.status()).as(r.body()).isEqualTo(416);
    assertThat(r.code()).isEqualTo("PGRST103");
  }

  @Test
  void rangeHeaderAtLongMax_isAnAnswer() {
    Reply all = f.get("/items?select=id&order=id", "Range", "0-9223372036854775807");
    assertThat(all.status()).as(all.body()).isEqualTo(200);
    assertThat(all.json().size()).isEqualTo(f.get("/items?select=id").json().size());
    Reply none = f.get("/items?select=id", "Range", "9223372036854775807-");
    assertThat(none.status()).as(none.body()).isLessThan(500);
  }

  @Test
  void limitAndOffsetAtLongMax_areAnAnswer() {
    Reply r = f.get("/items?select=id&limit=9223372036854775807&offset=9223372036854775807");
    assertThat(r.status()).as(r.body()).isLessThan(500);
    Reply withRange =
        f.get("/items?select=id&offset=9223372036854775807", "Range", "5-9223372036854775807");
    assertThat(withRange.status()).as(withRange.body()).isLessThan(500);
    Reply counted =
        f.get("/items?select=id&limit=9223372036854775807&offset=1", "Prefer", "count=exact");
    assertThat(counted.status()).as(counted.body()).isIn(200, 206);
  }
}
