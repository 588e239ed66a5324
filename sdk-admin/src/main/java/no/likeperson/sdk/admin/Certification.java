package no.likeperson.sdk.admin;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A peer mentor's certification (card 004, table {@code peer_mentor_certifications}).
 *
 * <pre>{@code
 * for (Certification c : certifications.mentorCertifications(mentorId)) {
 *   if (c.status() == CertificationStatus.ACTIVE && c.expiresAt().isPresent()) { ... }
 *   if (c.renewalHistoryAboveRecommendedSize()) log("long history: " + c.renewalHistory().size());
 * }
 * }</pre>
 *
 * @param id the certification
 * @param peerMentorId the certified peer mentor
 * @param orgId the organisation that manages the certification
 * @param certificationType e.g. {@code grunnkurs_likeperson}
 * @param issuedAt when it was issued
 * @param expiresAt when it expires; empty for a certification that never expires
 * @param status active, expired or suspended
 * @param renewalHistory the renewals, oldest first (unmodifiable)
 */
public record Certification(
    UUID id,
    UUID peerMentorId,
    UUID orgId,
    String certificationType,
    Instant issuedAt,
    Optional<Instant> expiresAt,
    CertificationStatus status,
    List<RenewalEntry> renewalHistory) {

  /**
   * The renewal history size the data model is designed for (about one renewal a year); a longer
   * history still works but bloats the row. {@link CertificationRepository} logs a warning above
   * it.
   */
  public static final int RECOMMENDED_MAX_RENEWALS = 50;

  /**
   * The hard limit the database enforces: a renewal that would make the history longer is refused
   * (SQLSTATE 23514, constraint {@code peer_mentor_certifications_renewal_history_limit}).
   */
  public static final int MAX_RENEWALS = 500;

  /** The columns {@link CertificationRepository} selects, in the table's names. */
  static final String COLUMNS =
      "id,peer_mentor_id,org_id,certification_type,issued_at,expires_at,status,renewal_history";

  /**
   * @throws NullPointerException if an argument is null
   */
  public Certification {
    Objects.requireNonNull(id, "id == null");
    Objects.requireNonNull(peerMentorId, "peerMentorId == null");
    Objects.requireNonNull(orgId, "orgId == null");
    Objects.requireNonNull(certificationType, "certificationType == null");
    Objects.requireNonNull(issuedAt, "issuedAt == null");
    Objects.requireNonNull(expiresAt, "expiresAt == null");
    Objects.requireNonNull(status, "status == null");
    renewalHistory = List.copyOf(Objects.requireNonNull(renewalHistory, "renewalHistory == null"));
  }

  @JsonCreator
  static Certification fromJson(
      @JsonProperty(value = "id", required = true) UUID id,
      @JsonProperty(value = "peer_mentor_id", required = true) UUID peerMentorId,
      @JsonProperty(value = "org_id", required = true) UUID orgId,
      @JsonProperty(value = "certification_type", required = true) String certificationType,
      @JsonProperty(value = "issued_at", required = true) String issuedAt,
      @JsonProperty("expires_at") String expiresAt,
      @JsonProperty(value = "status", required = true) CertificationStatus status,
      @JsonProperty(value = "renewal_history", required = true) List<RenewalEntry> renewalHistory) {
    return new Certification(
        id,
        peerMentorId,
        orgId,
        certificationType,
        RenewalEntry.instant(Objects.requireNonNull(issuedAt, "issued_at == null")),
        Optional.ofNullable(expiresAt).map(RenewalEntry::instant),
        status,
        renewalHistory == null ? List.of() : renewalHistory);
  }

  /** Whether the renewal history is longer than {@link #RECOMMENDED_MAX_RENEWALS}. */
  public boolean renewalHistoryAboveRecommendedSize() {
    return renewalHistory.size() > RECOMMENDED_MAX_RENEWALS;
  }
}
