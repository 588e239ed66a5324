/**
 * Bufdir reporting for likeperson-sdk: {@code ActivityAggregationService} (the per-mentor Bufdir
 * aggregation of an organisation or its subtree over an inclusive period, as one payload or
 * streamed record by record) and {@code ProxyActivityRepository} (activities a coordinator
 * registers on a peer mentor's behalf). The model is {@link no.likeperson.sdk.bufdir.BufdirPayload}
 * -> {@link no.likeperson.sdk.bufdir.BufdirPeerMentorRecord} -> {@link
 * no.likeperson.sdk.bufdir.BufdirActivityTypeBreakdown}; failures are {@link
 * no.likeperson.sdk.bufdir.BufdirException}. See docs/bufdir.md.
 */
@NullMarked
package no.likeperson.sdk.bufdir;

import org.jspecify.annotations.NullMarked;
