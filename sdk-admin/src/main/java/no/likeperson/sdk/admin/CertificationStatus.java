package no.likeperson.sdk.admin;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;

/**
 * The status of a peer-mentor certification ({@code peer_mentor_certifications.status}).
 *
 * <pre>{@code
 * if (cert.status() == CertificationStatus.SUSPENDED) certifications.reactivate(cert.id());
 * }</pre>
 */
public enum CertificationStatus {
  /** Valid; the mentor may be listed. */
  ACTIVE("active"),
  /** Past its expiry (set by the nightly expiry run); renewing makes it active again. */
  EXPIRED("expired"),
  /** Suspended by a coordinator or admin; cannot be renewed until reactivated. */
  SUSPENDED("suspended");

  private final String wire;

  CertificationStatus(String wire) {
    this.wire = wire;
  }

  /** The database's value, e.g. {@code "active"}. */
  @JsonValue
  public String wireValue() {
    return wire;
  }

  /**
   * The status for a database value.
   *
   * @param wire e.g. {@code "expired"}
   * @return the status
   * @throws NullPointerException if {@code wire} is null
   * @throws IllegalArgumentException for an unknown value
   */
  @JsonCreator
  public static CertificationStatus fromWire(String wire) {
    Objects.requireNonNull(wire, "wire == null");
    for (CertificationStatus s : values()) {
      if (s.wire.equals(wire)) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown certification status: " + wire);
  }
}
