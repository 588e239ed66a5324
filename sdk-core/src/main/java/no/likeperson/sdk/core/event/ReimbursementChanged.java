package no.likeperson.sdk.core.event;

import java.util.Objects;
import java.util.UUID;

/**
 * A reimbursement claim was filed, decided or changed: pending-claim counts (admin KPIs) of the
 * organisation and its ancestors may have changed.
 *
 * <pre>{@code
 * client.changeEvents().publish(new ReimbursementChanged(chapterId, claimantId));
 * }</pre>
 *
 * @param orgId the organisation (chapter) of the claim
 * @param userId the claimant
 */
public record ReimbursementChanged(UUID orgId, UUID userId) implements ChangeEvent {

  /**
   * @throws NullPointerException if an argument is null
   */
  public ReimbursementChanged {
    Objects.requireNonNull(orgId, "orgId == null");
    Objects.requireNonNull(userId, "userId == null");
  }
}
