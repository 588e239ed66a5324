package no.likeperson.sdk.admin;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * One entry of a certification's renewal history ({@code renewal_history}, appended by the
 * database's {@code renew_certification}): when it was renewed, the expiry it had before, who
 * renewed it and why.
 *
 * <pre>{@code
 * for (RenewalEntry e : certifications.renewalHistory(certId)) {
 *   System.out.println(e.renewedAt() + " by " + e.renewedBy().map(UUID::toString).orElse("service"));
 * }
 * }</pre>
 *
 * @param schemaVersion the entry's schema version (1; entries written before versioning count as 1)
 * @param renewedAt when it was renewed
 * @param previousExpiresAt the expiry before the renewal; empty when it had none
 * @param renewedBy the user who renewed it; empty for a service-side renewal
 * @param notes the renewer's note, if any
 */
public record RenewalEntry(
    int schemaVersion,
    Instant renewedAt,
    Optional<Instant> previousExpiresAt,
    Optional<UUID> renewedBy,
    Optional<String> notes) {

  /**
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code schemaVersion} is below 1
   */
  public RenewalEntry {
    if (schemaVersion < 1) {
      throw new IllegalArgumentException("schemaVersion must be >= 1, was " + schemaVersion);
    }
    Objects.requireNonNull(renewedAt, "renewedAt == null");
    Objects.requireNonNull(previousExpiresAt, "previousExpiresAt == null");
    Objects.requireNonNull(renewedBy, "renewedBy == null");
    Objects.requireNonNull(notes, "notes == null");
  }

  /**
   * Builds an entry from its JSON form; the timestamps are ISO 8601 with an offset, with {@code T}
   * or a space between date and time (both pass the database's shape check).
   */
  @JsonCreator
  static RenewalEntry fromJson(
      @JsonProperty("schema_version") Integer schemaVersion,
      @JsonProperty(value = "renewed_at", required = true) String renewedAt,
      @JsonProperty("previous_expires_at") String previousExpiresAt,
      @JsonProperty("renewed_by") UUID renewedBy,
      @JsonProperty("notes") String notes) {
    return new RenewalEntry(
        schemaVersion == null ? 1 : schemaVersion,
        instant(Objects.requireNonNull(renewedAt, "renewed_at == null")),
        Optional.ofNullable(previousExpiresAt).map(RenewalEntry::instant),
        Optional.ofNullable(renewedBy),
        Optional.ofNullable(notes));
  }

  static Instant instant(String text) {
    String iso =
        text.length() > 10 && text.charAt(10) == ' '
            ? text.substring(0, 10) + 'T' + text.substring(11)
            : text;
    try {
      return OffsetDateTime.parse(iso).toInstant();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("not an ISO 8601 timestamp with offset: " + text, e);
    }
  }
}
