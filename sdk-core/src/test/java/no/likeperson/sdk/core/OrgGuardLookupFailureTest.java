package no.likeperson.sdk.core;

import static no.likeperson.sdk.core.OrgGuardSubtreeTest.ADMIN_NATIONAL;
import static no.likeperson.sdk.core.OrgGuardSubtreeTest.OSLO;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import no.likeperson.sdk.core.error.SupabaseClientException;
import no.likeperson.sdk.core.error.SupabaseServiceException;
import org.junit.jupiter.api.Test;

/**
 * How a failed or interrupted admin-subtree lookup reaches a blocking {@link OrgGuard} check: the
 * SDK's exception unwrapped, errors rethrown, other checked failures typed, and an interrupt that
 * keeps the thread's flag.
 */
class OrgGuardLookupFailureTest {

  /** A guard for an org admin of the national organisation whose subtree lookup gives {@code f}. */
  private static OrgGuard guard(CompletableFuture<Set<UUID>> f) {
    return OrgGuard.forClient(
        () -> JwtClaims.decode(ADMIN_NATIONAL),
        new OrgGuard.Server() {
          @Override
          public String userToken() {
            return ADMIN_NATIONAL;
          }

          @Override
          public CompletableFuture<Set<UUID>> adminSubtree(String token) {
            return f;
          }
        });
  }

  private static CompletableFuture<Set<UUID>> failedWith(Throwable t) {
    CompletableFuture<Set<UUID>> f = new CompletableFuture<>();
    f.completeExceptionally(t);
    return f;
  }

  @Test
  void sdkFailure_wrappedInCompletionExceptions_isThrownAsItIs() {
    SupabaseServiceException missing =
        SupabaseServiceException.of(
            404, "PGRST202", "no function", null, null, "GET /rest/v1/rpc/x", null);
    OrgGuard g = guard(failedWith(new CompletionException(new CompletionException(missing))));
    assertThatThrownBy(() -> g.requireAccess(OSLO)).isSameAs(missing);
  }

  @Test
  void error_isRethrown() {
    AssertionError bug = new AssertionError("bug");
    assertThatThrownBy(() -> guard(failedWith(bug)).requireAccess(OSLO)).isSameAs(bug);
  }

  @Test
  void checkedFailure_isTyped_withItsCause() {
    IOException io = new IOException("unreachable");
    assertThatThrownBy(() -> guard(failedWith(io)).requireAccess(OSLO))
        .isInstanceOf(SupabaseClientException.class)
        .hasMessage("asking for the admin's organisations failed")
        .hasCause(io);
  }

  @Test
  void interruptedWhileWaiting_failsTyped_andKeepsTheInterruptFlag() {
    OrgGuard g = guard(new CompletableFuture<>());
    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(() -> g.requireAccess(OSLO))
          .isInstanceOf(SupabaseClientException.class)
          .hasMessage("interrupted while asking for the admin's organisations");
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
  }
}
