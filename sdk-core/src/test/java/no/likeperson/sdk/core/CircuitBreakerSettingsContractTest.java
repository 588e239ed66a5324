package no.likeperson.sdk.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The circuit breaker's settings as a value: defaults, every bound of every setter, equality. */
class CircuitBreakerSettingsContractTest {

  @Test
  void defaults_areTheDocumentedValues() {
    CircuitBreakerSettings d = CircuitBreakerSettings.defaults();
    assertThat(d.enabled()).isTrue();
    assertThat(d.failureRateThreshold()).isEqualTo(50f);
    assertThat(d.slidingWindowSize()).isEqualTo(20);
    assertThat(d.minimumNumberOfCalls()).isEqualTo(10);
    assertThat(d.waitInOpenState()).isEqualTo(Duration.ofSeconds(30));
    assertThat(d.permittedCallsInHalfOpenState()).isEqualTo(2);
    assertThat(d).isEqualTo(CircuitBreakerSettings.builder().build());
  }

  @Test
  void disabled_onlySwitchesItOff() {
    CircuitBreakerSettings off = CircuitBreakerSettings.disabled();
    assertThat(off.enabled()).isFalse();
    assertThat(off).isNotEqualTo(CircuitBreakerSettings.defaults());
    assertThat(off).isEqualTo(CircuitBreakerSettings.builder().enabled(false).build());
    assertThat(off.slidingWindowSize()).isEqualTo(20);
  }

  @Test
  void builder_keepsEveryValue() {
    CircuitBreakerSettings s =
        CircuitBreakerSettings.builder()
            .failureRateThreshold(12.5f)
            .slidingWindowSize(7)
            .minimumNumberOfCalls(3)
            .waitInOpenState(Duration.ofMillis(1500))
            .permittedCallsInHalfOpenState(4)
            .build();
    assertThat(s.failureRateThreshold()).isEqualTo(12.5f);
    assertThat(s.slidingWindowSize()).isEqualTo(7);
    assertThat(s.minimumNumberOfCalls()).isEqualTo(3);
    assertThat(s.waitInOpenState()).isEqualTo(Duration.ofMillis(1500));
    assertThat(s.permittedCallsInHalfOpenState()).isEqualTo(4);
    assertThat(s.toString())
        .isEqualTo(
            "CircuitBreakerSettings{enabled=true, failureRateThreshold=12.5, "
                + "slidingWindowSize=7, minimumNumberOfCalls=3, waitInOpenState=PT1.5S, permittedCallsInHalfOpenState=4}");
  }

  @Test
  void failureRateThreshold_isAPercentageAboveZeroUpToAHundred() {
    assertThat(
            CircuitBreakerSettings.builder()
                .failureRateThreshold(100f)
                .build()
                .failureRateThreshold())
        .isEqualTo(100f);
    assertThat(
            CircuitBreakerSettings.builder()
                .failureRateThreshold(Float.MIN_VALUE)
                .build()
                .failureRateThreshold())
        .isEqualTo(Float.MIN_VALUE);
    for (float bad : new float[] {0f, -1f, Math.nextUp(100f), Float.NaN}) {
      assertThatThrownBy(() -> CircuitBreakerSettings.builder().failureRateThreshold(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("failureRateThreshold");
    }
  }

  @Test
  void counts_mustBeAtLeastOne() {
    CircuitBreakerSettings ones =
        CircuitBreakerSettings.builder()
            .slidingWindowSize(1)
            .minimumNumberOfCalls(1)
            .permittedCallsInHalfOpenState(1)
            .build();
    assertThat(
            List.of(
                ones.slidingWindowSize(),
                ones.minimumNumberOfCalls(),
                ones.permittedCallsInHalfOpenState()))
        .containsOnly(1);
    assertThatThrownBy(() -> CircuitBreakerSettings.builder().slidingWindowSize(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("slidingWindowSize must be >= 1: 0");
    assertThatThrownBy(() -> CircuitBreakerSettings.builder().minimumNumberOfCalls(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("minimumNumberOfCalls must be >= 1: 0");
    assertThatThrownBy(() -> CircuitBreakerSettings.builder().permittedCallsInHalfOpenState(-3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("permittedCallsInHalfOpenState must be >= 1: -3");
  }

  @Test
  void waitInOpenState_mustBePositive() {
    assertThat(
            CircuitBreakerSettings.builder()
                .waitInOpenState(Duration.ofNanos(1))
                .build()
                .waitInOpenState())
        .isEqualTo(Duration.ofNanos(1));
    assertThatThrownBy(() -> CircuitBreakerSettings.builder().waitInOpenState(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("wait == null");
    assertThatThrownBy(() -> CircuitBreakerSettings.builder().waitInOpenState(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> CircuitBreakerSettings.builder().waitInOpenState(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void build_refusesAMinimumAboveTheWindow_butAcceptsEqual() {
    assertThat(
            CircuitBreakerSettings.builder()
                .slidingWindowSize(5)
                .minimumNumberOfCalls(5)
                .build()
                .minimumNumberOfCalls())
        .isEqualTo(5);
    assertThatThrownBy(
            () ->
                CircuitBreakerSettings.builder()
                    .slidingWindowSize(5)
                    .minimumNumberOfCalls(6)
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("minimumNumberOfCalls");
  }

  @Test
  void equality_coversEveryField() {
    CircuitBreakerSettings base = CircuitBreakerSettings.defaults();
    List<UnaryOperator<CircuitBreakerSettings.Builder>> changes =
        List.of(
            b -> b.enabled(false),
            b -> b.failureRateThreshold(51f),
            b -> b.slidingWindowSize(21),
            b -> b.minimumNumberOfCalls(9),
            b -> b.waitInOpenState(Duration.ofSeconds(31)),
            b -> b.permittedCallsInHalfOpenState(3));
    for (UnaryOperator<CircuitBreakerSettings.Builder> change : changes) {
      CircuitBreakerSettings other = change.apply(CircuitBreakerSettings.builder()).build();
      assertThat(other).isNotEqualTo(base);
      assertThat(other.hashCode()).isNotEqualTo(base.hashCode());
      assertThat(other)
          .isEqualTo(change.apply(CircuitBreakerSettings.builder()).build())
          .hasSameHashCodeAs(change.apply(CircuitBreakerSettings.builder()).build());
    }
    assertThat(base).isNotEqualTo("CircuitBreakerSettings").isNotEqualTo(null);
  }
}
