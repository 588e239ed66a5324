package no.likeperson.sdk.core;

import static no.likeperson.sdk.core.TestSupport.NOW;
import static no.likeperson.sdk.core.TestSupport.userToken;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The public value types compare by value: a copy is equal (with the same hash code), and a change
 * to any one component makes them unequal. Plus the bounds of the retry settings and of the
 * Retry-After cap.
 */
class ValueContractTest {

  private static <T> void assertValue(T value, T copy, List<T> others) {
    assertThat(value).isEqualTo(copy).hasSameHashCodeAs(copy).isNotEqualTo("other type");
    for (T other : others) {
      assertThat(value).as("%s", other).isNotEqualTo(other);
    }
  }

  @Test
  void session() {
    Session s = new Session("a", "r", NOW, "u");
    assertValue(
        s,
        new Session("a", "r", NOW, "u"),
        List.of(
            new Session("b", "r", NOW, "u"),
            new Session("a", "s", NOW, "u"),
            new Session("a", "r", NOW.plusSeconds(1), "u"),
            new Session("a", "r", NOW, null)));
  }

  @Test
  void requestOptions() {
    RequestOptions o = RequestOptions.builder().schema("s").count(CountMode.EXACT).build();
    assertValue(
        o,
        RequestOptions.builder().schema("s").count(CountMode.EXACT).build(),
        List.of(
            o.toBuilder().schema("t").build(),
            o.toBuilder().count(CountMode.PLANNED).build(),
            o.toBuilder().accessToken("tok").build(),
            o.toBuilder().idempotent(true).build(),
            o.toBuilder().rollback(true).build()));
  }

  @Test
  void retrySettings() {
    RetrySettings d = RetrySettings.defaults();
    assertValue(
        d,
        d.toBuilder().build(),
        List.of(
            d.toBuilder().maxAttempts(d.maxAttempts() + 1).build(),
            d.toBuilder().initialBackoff(d.initialBackoff().plusMillis(1)).build(),
            d.toBuilder().multiplier(d.multiplier() + 0.5).build(),
            d.toBuilder().maxBackoff(d.maxBackoff().plusMillis(1)).build(),
            d.toBuilder().jitter(d.jitter() == 0 ? 0.5 : 0).build(),
            d.toBuilder().maxRetryAfter(d.maxRetryAfter().plusSeconds(1)).build()));
  }

  @Test
  void jwtClaims() {
    String token = userToken("u", NOW.plusSeconds(60));
    assertValue(
        JwtClaims.decode(token),
        JwtClaims.decode(token),
        List.of(
            JwtClaims.decode(userToken("v", NOW.plusSeconds(60))),
            JwtClaims.decode(userToken("u", NOW.plusSeconds(61))),
            JwtClaims.anonymous()));
  }

  @Test
  void retryJitter_acceptsBothEndsOfItsRange_only() {
    assertThat(RetrySettings.builder().jitter(0.0).build().jitter()).isZero();
    assertThat(RetrySettings.builder().jitter(1.0).build().jitter()).isEqualTo(1.0);
    for (double bad : new double[] {-0.01, 1.01, Double.NaN}) {
      assertThatThrownBy(() -> RetrySettings.builder().jitter(bad))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void retryAfterCap_onlyDigitsAboveTheCapExceedIt_leadingZerosIgnored() {
    RetryAfterSanitizer s = new RetryAfterSanitizer(Duration.ofSeconds(60));
    for (String above : new String[] {"61", "120", "0120", "99999999999999999999999"}) {
      assertThat(s.exceedsCap(above)).as(above).isTrue();
    }
    for (String within : new String[] {"60", "060", "1", "0", "000", "", "12a", "-5", "1.5"}) {
      assertThat(s.exceedsCap(within)).as(within).isFalse();
    }
  }
}
