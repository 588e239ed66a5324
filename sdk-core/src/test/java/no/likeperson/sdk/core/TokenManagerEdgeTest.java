package no.likeperson.sdk.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import no.likeperson.sdk.core.error.SupabaseClientException;
import org.junit.jupiter.api.Test;

/**
 * How a token refresh's outcome reaches the caller: the SDK's own exception unwrapped from any
 * depth of future wrappers, errors rethrown as they are, checked exceptions wrapped without their
 * message, and an interrupt that keeps the thread's interrupt flag.
 */
class TokenManagerEdgeTest {

  private static final SupabaseClientException CAUSE =
      new SupabaseClientException("refresh failed", null, false);

  @Test
  void unwrap_peelsNestedCompletionAndExecutionExceptions() {
    assertThat(TokenManager.unwrap(new CompletionException(new ExecutionException(CAUSE))))
        .isSameAs(CAUSE);
    assertThat(TokenManager.unwrap(new ExecutionException(new CompletionException(CAUSE))))
        .isSameAs(CAUSE);
  }

  @Test
  void unwrap_aWrapperWithoutCause_isReturnedAsItIs() {
    CompletionException bare = new CompletionException("no cause", null);
    assertThat(TokenManager.unwrap(bare)).isSameAs(bare);
  }

  @Test
  void unwrap_rethrowsErrors() {
    AssertionError error = new AssertionError("boom");
    assertThatThrownBy(() -> TokenManager.unwrap(new CompletionException(error))).isSameAs(error);
  }

  @Test
  void unwrap_wrapsCheckedExceptionsByTypeOnly() {
    RuntimeException e =
        TokenManager.unwrap(new CompletionException(new IOException("secret path /home/x")));
    assertThat(e)
        .isInstanceOf(SupabaseClientException.class)
        .hasMessage("unexpected failure (IOException)")
        .hasCauseInstanceOf(IOException.class);
  }

  @Test
  void join_returnsTheValue_andUnwrapsTheFailure() {
    assertThat(TokenManager.join(CompletableFuture.completedFuture("t"))).isEqualTo("t");
    assertThatThrownBy(() -> TokenManager.join(TokenManager.failed(CAUSE))).isSameAs(CAUSE);
  }

  @Test
  void join_interrupted_failsTyped_andKeepsTheInterruptFlag() {
    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(() -> TokenManager.join(new CompletableFuture<String>()))
          .isInstanceOf(SupabaseClientException.class)
          .hasMessage("interrupted while waiting for a token refresh");
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
  }
}
