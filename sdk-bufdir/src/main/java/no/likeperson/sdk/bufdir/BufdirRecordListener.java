package no.likeperson.sdk.bufdir;

/**
 * Receives a Bufdir aggregation as it is parsed (the streaming form of {@link
 * ActivityAggregationService}): first the {@linkplain #onSummary summary} (totals, activity types,
 * deduplicated mentors), then each {@link BufdirPeerMentorRecord} in mentor-id order, so a national
 * year can be written to a file without holding all records in memory. Called on the thread that
 * reads the response; an exception thrown here stops the read and reaches the caller.
 *
 * <pre>{@code
 * BufdirSummary s = service.streamActivities(rootId, from, to, ScopeLevel.NATIONAL,
 *     record -> out.println(record.peerMentorId() + ";" + record.sessionCount()));
 *
 * // or with the summary first, to write a header:
 * service.streamActivities(rootId, from, to, ScopeLevel.NATIONAL, new BufdirRecordListener() {
 *   public void onSummary(BufdirSummary summary) { out.println("types: " + summary.activityTypes()); }
 *   public void onRecord(BufdirPeerMentorRecord record) { out.println(record); }
 * });
 * }</pre>
 */
@FunctionalInterface
public interface BufdirRecordListener {

  /** Called once, before the first record. Does nothing by default. */
  default void onSummary(BufdirSummary summary) {}

  /** Called for each mentor record, in the payload's order. */
  void onRecord(BufdirPeerMentorRecord record);
}
