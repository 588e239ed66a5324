package no.likeperson.sdk.core.error;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class RepositoryExceptionTest {

  /** A module exception as the repository modules write theirs. */
  static final class SampleException extends RepositoryException {
    private static final long serialVersionUID = 1L;

    SampleException(String what, SupabaseException cause) {
      super(what, cause);
    }

    static <T> T call(Supplier<T> body) {
      return RepositoryException.call(body, e -> new SampleException("sample", e));
    }

    static <T> CompletableFuture<T> callAsync(Supplier<CompletableFuture<T>> body) {
      return RepositoryException.callAsync(body, e -> new SampleException("sample", e));
    }
  }

  private static SupabaseServiceException denied() {
    return new PermissionDeniedException(
        403, "42501", "permission denied", null, null, "GET /rest/v1/x");
  }

  @Test
  void wrapsServerAnswersKeepingCauseStatusCodeAndRetryability() {
    SupabaseServiceException cause = denied();
    assertThatThrownBy(
            () ->
                SampleException.call(
                    () -> {
                      throw cause;
                    }))
        .isInstanceOfSatisfying(
            SampleException.class,
            e -> {
              assertThat(e.getCause()).isSameAs(cause);
              assertThat(e.statusCode()).hasValue(403);
              assertThat(e.code()).contains("42501");
              assertThat(e.isRetryable()).isFalse();
              assertThat(e.getMessage())
                  .isEqualTo(
                      "sample failed: HTTP 403 (42501) from GET /rest/v1/x: permission denied");
            });
  }

  @Test
  void transportFailuresHaveNoStatusAndStayRetryable() {
    SupabaseClientException io =
        new SupabaseClientException("I/O error on GET /rest/v1/x", null, true);
    assertThatThrownBy(
            () ->
                SampleException.call(
                    () -> {
                      throw io;
                    }))
        .isInstanceOfSatisfying(
            SampleException.class,
            e -> {
              assertThat(e.statusCode()).isEmpty();
              assertThat(e.code()).isEmpty();
              assertThat(e.isRetryable()).isTrue();
              assertThat(e).isInstanceOf(SupabaseException.class);
            });
  }

  @Test
  void guardInvalidRequestAndArgumentErrorsPassThroughUnwrapped() {
    UnauthorisedAccessException guard = new UnauthorisedAccessException("no");
    InvalidRequestException invalid = new InvalidRequestException("too long");
    IllegalArgumentException arg = new IllegalArgumentException("from after to");
    assertThatThrownBy(
            () ->
                SampleException.call(
                    () -> {
                      throw guard;
                    }))
        .isSameAs(guard);
    assertThatThrownBy(
            () ->
                SampleException.call(
                    () -> {
                      throw invalid;
                    }))
        .isSameAs(invalid);
    assertThatThrownBy(
            () ->
                SampleException.call(
                    () -> {
                      throw arg;
                    }))
        .isSameAs(arg);
    assertThat(SampleException.call(() -> "ok")).isEqualTo("ok");
  }

  @Test
  void asyncWrapsTheSameWayAndNeverThrows() {
    SupabaseServiceException cause = denied();
    CompletableFuture<String> failed =
        SampleException.callAsync(
            () -> CompletableFuture.failedFuture(new CompletionException(cause)));
    assertThatThrownBy(failed::get)
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(SampleException.class)
        .cause()
        .isSameAs(cause);

    IllegalArgumentException arg = new IllegalArgumentException("bad");
    CompletableFuture<String> thrown =
        SampleException.callAsync(
            () -> {
              throw arg;
            });
    assertThatThrownBy(thrown::get).cause().isSameAs(arg);

    UnauthorisedAccessException guard = new UnauthorisedAccessException("no");
    assertThatThrownBy(
            SampleException.<String>callAsync(() -> CompletableFuture.failedFuture(guard))::get)
        .cause()
        .isSameAs(guard);

    assertThat(SampleException.callAsync(() -> CompletableFuture.completedFuture("ok")).join())
        .isEqualTo("ok");
  }

  @Test
  void cancellingTheRepositoryFutureCancelsTheCall() {
    CompletableFuture<String> inner = new CompletableFuture<>();
    CompletableFuture<String> out = SampleException.callAsync(() -> inner);
    out.cancel(true);
    assertThat(inner).isCancelled();

    CompletableFuture<String> inner2 = new CompletableFuture<>();
    CompletableFuture<String> out2 = SampleException.callAsync(() -> inner2);
    inner2.cancel(true);
    assertThat(out2).isCancelled();
  }
}
