package no.likeperson.sdk.bufdir;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A peer mentor who was active in more than one chapter of the scope during the period and is
 * therefore counted once (deduplicated): an export preview can show who, and in which chapters.
 *
 * <pre>{@code
 * for (BufdirMultiChapterMentor d : payload.multiChapterMentors()) {
 *   System.out.println(d.peerMentorId() + " counted once, active in " + d.organisationIds().size()
 *       + " chapters");
 * }
 * }</pre>
 *
 * @param peerMentorId the mentor's user id (also in {@link BufdirPayload#peerMentorRecords()},
 *     once)
 * @param organisationIds the chapters of the scope with activities of the mentor (two or more,
 *     sorted)
 */
public record BufdirMultiChapterMentor(
    @JsonProperty("peer_mentor_id") UUID peerMentorId,
    @JsonProperty("organisation_ids") List<UUID> organisationIds) {

  /**
   * @throws NullPointerException if an argument or an element is null
   */
  @JsonCreator
  public BufdirMultiChapterMentor {
    Objects.requireNonNull(peerMentorId, "peerMentorId == null");
    organisationIds =
        List.copyOf(Objects.requireNonNull(organisationIds, "organisationIds == null"));
  }
}
