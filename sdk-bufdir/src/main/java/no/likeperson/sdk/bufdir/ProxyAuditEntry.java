package no.likeperson.sdk.bufdir;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.OffsetDateTime;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;

/**
 * One entry of a proxy activity's audit trail ({@code proxy_audit_log}, append-only: the database
 * refuses to change or remove entries for every role). Written by a trigger on each insert, update
 * and delete, with the row as it was after the change (before it, for a delete).
 *
 * <pre>{@code
 * for (ProxyAuditEntry e : proxies.auditTrail(activityId)) {
 *   System.out.println(e.changedAt() + " " + e.action() + " by " + e.actorId() + ": " + e.row().date());
 * }
 * }</pre>
 *
 * @param id the entry's id
 * @param proxyActivityId the proxy activity it describes
 * @param orgId the activity's organisation
 * @param action what happened
 * @param actorId who did it (null for a service without a user)
 * @param actorRole the database role it acted as ({@code authenticated}, {@code service_role})
 * @param row the proxy activity's row as recorded
 * @param changedAt when
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ProxyAuditEntry(
    @JsonProperty("id") UUID id,
    @JsonProperty("proxy_activity_id") UUID proxyActivityId,
    @JsonProperty("org_id") UUID orgId,
    @JsonProperty("action") Action action,
    @JsonProperty("actor_id") UUID actorId,
    @JsonProperty("actor_role") String actorRole,
    @JsonProperty("row_data") ProxyActivity row,
    @JsonProperty("changed_at") OffsetDateTime changedAt) {

  /**
   * @throws NullPointerException if {@code id}, {@code proxyActivityId}, {@code action} or {@code
   *     row} is null
   */
  @JsonCreator
  public ProxyAuditEntry {
    Objects.requireNonNull(id, "id == null");
    Objects.requireNonNull(proxyActivityId, "proxyActivityId == null");
    Objects.requireNonNull(action, "action == null");
    Objects.requireNonNull(row, "row == null");
  }

  /**
   * What happened to the proxy activity.
   *
   * <pre>{@code
   * boolean deleted = proxies.auditTrail(id).stream()
   *     .anyMatch(e -> e.action() == ProxyAuditEntry.Action.DELETE);
   * }</pre>
   */
  public enum Action {
    /** Registered. */
    INSERT,
    /** Changed. */
    UPDATE,
    /** Deleted. */
    DELETE;

    /** From the wire value ({@code "insert"}, ...). */
    @JsonCreator
    static Action fromWire(String value) {
      return valueOf(Objects.requireNonNull(value, "value == null").toUpperCase(Locale.ROOT));
    }

    /** The wire value. */
    @com.fasterxml.jackson.annotation.JsonValue
    String wireValue() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
