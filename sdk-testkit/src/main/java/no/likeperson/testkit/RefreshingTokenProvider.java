package no.likeperson.testkit;

import com.auth0.jwt.JWT;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;
import no.likeperson.sdk.core.AccessTokenProvider;

/**
 * The token source of {@link LocalSupabase#clientFor(UUID)}: mints a token through the access token
 * hook, reuses it until a minute before it expires, and mints a new one when the SDK asks for a
 * refresh (after a 401 {@code JWT expired}) — like a signed-in Supabase session, so long test runs
 * never see an expired token.
 */
final class RefreshingTokenProvider implements AccessTokenProvider {

  static final Duration EARLY = Duration.ofMinutes(1);

  private final UUID userId;
  private final Function<UUID, String> mint;
  private final Clock clock;
  private String token;
  private Instant expiresAt;

  RefreshingTokenProvider(UUID userId, Function<UUID, String> mint, Clock clock) {
    this.userId = Objects.requireNonNull(userId, "userId == null");
    this.mint = Objects.requireNonNull(mint, "mint == null");
    this.clock = Objects.requireNonNull(clock, "clock == null");
    refreshAccessToken();
  }

  @Override
  public synchronized String accessToken() {
    if (!clock.instant().isBefore(expiresAt.minus(EARLY))) {
      return refreshAccessToken();
    }
    return token;
  }

  @Override
  public synchronized String refreshAccessToken() {
    String fresh = mint.apply(userId);
    Instant exp = JWT.decode(fresh).getExpiresAtAsInstant();
    this.token = fresh;
    this.expiresAt = exp == null ? Instant.MAX : exp;
    return fresh;
  }

  @Override
  public String toString() {
    return "RefreshingTokenProvider[user=" + userId + ", token=<redacted>]";
  }
}
