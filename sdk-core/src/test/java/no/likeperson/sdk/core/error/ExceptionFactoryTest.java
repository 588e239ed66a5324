package no.likeperson.sdk.core.error;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The public factories that replace the public constructors of the server-answer exceptions. */
class ExceptionFactoryTest {

  @Test
  void of_picksTheTypeFromStatusAndCode_andKeepsEveryField() {
    SupabaseServiceException e =
        SupabaseServiceException.of(
            409,
            "23505",
            "duplicate key",
            "Key (id)=(1)",
            "use upsert",
            "POST /rest/v1/activities",
            null);
    assertThat(e).isExactlyInstanceOf(ConflictException.class);
    assertThat(e.statusCode()).isEqualTo(409);
    assertThat(e.code()).isEqualTo("23505");
    assertThat(e.serverMessage()).isEqualTo("duplicate key");
    assertThat(e.details()).isEqualTo("Key (id)=(1)");
    assertThat(e.hint()).isEqualTo("use upsert");
    assertThat(e.getMessage()).startsWith("HTTP 409 (23505) from POST /rest/v1/activities");
    assertThat(e.isRetryable()).isFalse();
  }

  @Test
  void of_lowerCaseCode_isMatchedCaseInsensitively() {
    assertThat(SupabaseServiceException.of(400, "pgrst116", null, null, null, null, null))
        .isExactlyInstanceOf(NotExactlyOneRowException.class);
    assertThat(SupabaseServiceException.of(500, "40p01", null, null, null, null, null))
        .isExactlyInstanceOf(ServiceUnavailableException.class);
  }

  @Test
  void of_keepsRetryAfter_onRateLimitAndUnavailable() {
    Duration d = Duration.ofSeconds(7);
    RateLimitedException limited =
        (RateLimitedException) SupabaseServiceException.of(429, null, null, null, null, null, d);
    ServiceUnavailableException down =
        (ServiceUnavailableException)
            SupabaseServiceException.of(503, null, null, null, null, null, d);
    assertThat(limited.retryAfter()).contains(d);
    assertThat(limited.isRetryable()).isTrue();
    assertThat(down.retryAfter()).contains(d);
    assertThat(down.isRetryable()).isTrue();
  }

  @Test
  void of_unknownStatus_isThePlainType_notRetryable() {
    SupabaseServiceException e =
        SupabaseServiceException.of(418, null, null, null, null, null, null);
    assertThat(e).isExactlyInstanceOf(SupabaseServiceException.class);
    assertThat(e.isRetryable()).isFalse();
  }

  @Test
  void authOf_wrongCredentials_areInvalidCredentials() {
    assertThat(AuthException.of(400, "invalid_credentials", "Invalid login credentials", null))
        .isExactlyInstanceOf(InvalidCredentialsException.class);
    assertThat(
            AuthException.of(400, "invalid_grant", "x", "POST /auth/v1/token?grant_type=password"))
        .isExactlyInstanceOf(InvalidCredentialsException.class);
    // a refresh grant's invalid_grant is a spent session, not a wrong password
    AuthException refresh =
        AuthException.of(400, "invalid_grant", "x", "POST /auth/v1/token?grant_type=refresh_token");
    assertThat(refresh).isExactlyInstanceOf(AuthException.class);
    assertThat(refresh.isSignInRequired()).isTrue();
    assertThat(AuthException.of(400, "invalid_grant", "x", null))
        .isExactlyInstanceOf(AuthException.class);
  }

  @Test
  void authOf_retryable_only_for429And5xx() {
    assertThat(AuthException.of(429, "over_request_rate_limit", null, null).isRetryable()).isTrue();
    assertThat(AuthException.of(500, null, null, null).isRetryable()).isTrue();
    assertThat(AuthException.of(499, null, null, null).isRetryable()).isFalse();
    assertThat(AuthException.of(401, "session_not_found", null, null).isRetryable()).isFalse();
  }

  @Test
  void serverAnswerExceptions_haveNoPublicConstructor() {
    List<Class<?>> types =
        List.of(
            SupabaseServiceException.class,
            AuthenticationException.class,
            PermissionDeniedException.class,
            NotFoundException.class,
            ConflictException.class,
            ValidationException.class,
            NotExactlyOneRowException.class,
            RangeNotSatisfiableException.class,
            RequestTooLargeException.class,
            RateLimitedException.class,
            ServiceUnavailableException.class,
            AuthException.class,
            InvalidCredentialsException.class);
    for (Class<?> type : types) {
      assertThat(
              Arrays.stream(type.getDeclaredConstructors())
                  .filter(
                      c ->
                          Modifier.isPublic(c.getModifiers())
                              || Modifier.isProtected(c.getModifiers())))
          .as(type.getSimpleName())
          .isEmpty();
    }
  }
}
