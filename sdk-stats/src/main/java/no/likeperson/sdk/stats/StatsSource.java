package no.likeperson.sdk.stats;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/** What {@link StatsCacheManager} needs from the server side; the repository in production. */
interface StatsSource {

  /** Who is asking (the token's subject), so entries of two users of one client never mix. */
  String principal();

  /** The org guard: throws before anything is sent when the caller may not touch {@code orgId}. */
  void guard(UUID orgId);

  /** The rows of {@code q}; failures complete the future exceptionally. */
  CompletableFuture<List<StatsRow>> rows(StatsQuery q);

  /** The organisation's change marker; failures complete the future exceptionally. */
  CompletableFuture<Long> marker(UUID orgId);
}
