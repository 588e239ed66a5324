package no.likeperson.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class RefreshingTokenProviderTest {

  static final UUID USER = UUID.fromString("20000000-0000-4000-8000-000000000001");

  /** A clock the test moves by hand. */
  static final class ManualClock extends Clock {
    final AtomicReference<Instant> now =
        new AtomicReference<>(Instant.parse("2026-11-23T01:00:00Z"));

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now.get();
    }
  }

  final ManualClock clock = new ManualClock();
  final AtomicInteger minted = new AtomicInteger();

  String mint(UUID user) {
    long now = clock.instant().getEpochSecond();
    return Jwts.sign(
        Jwts.DEFAULT_SECRET,
        Map.of(
            "sub", user.toString(), "n", minted.incrementAndGet(), "iat", now, "exp", now + 3600));
  }

  @Test
  void accessToken_reusesTheTokenWhileItIsFresh() {
    RefreshingTokenProvider p = new RefreshingTokenProvider(USER, this::mint, clock);
    String first = p.accessToken();

    clock.now.set(clock.instant().plusSeconds(3600 - 61));

    assertThat(p.accessToken()).isSameAs(first);
    assertThat(minted).hasValue(1);
  }

  @Test
  void accessToken_mintsAgainAMinuteBeforeExpiry() {
    RefreshingTokenProvider p = new RefreshingTokenProvider(USER, this::mint, clock);
    String first = p.accessToken();

    clock.now.set(clock.instant().plusSeconds(3600 - 60));

    assertThat(p.accessToken()).isNotEqualTo(first);
    assertThat(minted).hasValue(2);
  }

  @Test
  void refreshAccessToken_alwaysMintsANewToken() {
    RefreshingTokenProvider p = new RefreshingTokenProvider(USER, this::mint, clock);
    String first = p.accessToken();

    String refreshed = p.refreshAccessToken();

    assertThat(refreshed).isNotEqualTo(first);
    assertThat(p.accessToken()).isSameAs(refreshed);
  }

  @Test
  void constructor_mintsAtOnce_soAnUnknownUserFailsEarly() {
    assertThatThrownBy(
            () ->
                new RefreshingTokenProvider(
                    USER,
                    u -> {
                      throw new IllegalArgumentException("No user " + u);
                    },
                    clock))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void toString_hidesTheToken() {
    RefreshingTokenProvider p = new RefreshingTokenProvider(USER, this::mint, clock);
    assertThat(p.toString()).contains(USER.toString()).doesNotContain(p.accessToken());
  }
}
