package no.likeperson.sdk.core;

import com.auth0.jwt.JWT;
import com.auth0.jwt.exceptions.JWTDecodeException;
import com.auth0.jwt.interfaces.Claim;
import com.auth0.jwt.interfaces.DecodedJWT;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import no.likeperson.sdk.core.error.InvalidRequestException;
import org.jspecify.annotations.Nullable;

/**
 * The claims of a Supabase access token, decoded but <b>not verified</b> (the server verifies; the
 * SDK reads claims only to fail fast). Exposes {@code sub}, {@code role}, {@code exp} and the
 * project's organisation claims in {@code app_metadata}: {@code organisation_id} (primary
 * organisation), {@code organisation_ids} and {@code org_roles} (organisation id to its roles).
 * Immutable; {@link #toString()} never prints the token.
 *
 * <pre>{@code
 * JwtClaims c = JwtClaims.decode(accessToken);
 * if (c.hasRole(orgId, "coordinator")) { ... }
 * Optional<Instant> exp = c.expiresAt();
 * }</pre>
 */
public final class JwtClaims {

  private static final JwtClaims ANONYMOUS =
      new JwtClaims(null, "anon", null, null, Set.of(), Map.of());

  private final @Nullable String subject;
  private final @Nullable String role;
  private final @Nullable Instant expiresAt;
  private final @Nullable UUID organisationId;
  private final Set<UUID> organisationIds;
  private final Map<UUID, Set<String>> orgRoles;

  private JwtClaims(
      @Nullable String subject,
      @Nullable String role,
      @Nullable Instant expiresAt,
      @Nullable UUID organisationId,
      Set<UUID> organisationIds,
      Map<UUID, Set<String>> orgRoles) {
    this.subject = subject;
    this.role = role;
    this.expiresAt = expiresAt;
    this.organisationId = organisationId;
    this.organisationIds = organisationIds;
    this.orgRoles = orgRoles;
  }

  /**
   * Claims for a request without any token: role {@code anon}, no organisations.
   *
   * @return the anonymous claims
   */
  public static JwtClaims anonymous() {
    return ANONYMOUS;
  }

  /**
   * Decodes (without verifying) a JWT.
   *
   * @param token the compact JWT
   * @return the claims
   * @throws NullPointerException if {@code token} is null
   * @throws InvalidRequestException if the token is not a decodable JWT or its organisation claims
   *     are malformed (the message never contains the token)
   */
  public static JwtClaims decode(String token) {
    Objects.requireNonNull(token, "token == null");
    DecodedJWT jwt;
    try {
      jwt = JWT.decode(token);
    } catch (JWTDecodeException e) {
      // the library's message can quote token parts; keep it out
      throw new InvalidRequestException("access token is not a decodable JWT");
    }
    Instant exp = jwt.getExpiresAtAsInstant();
    Claim appMetadataClaim = jwt.getClaim("app_metadata");
    Map<String, Object> appMetadata =
        appMetadataClaim.isMissing() || appMetadataClaim.isNull()
            ? Map.of()
            : appMetadataClaim.asMap();
    if (appMetadata == null) {
      throw new InvalidRequestException("access token claim app_metadata is not an object");
    }
    UUID primary = null;
    Object primaryRaw = appMetadata.get("organisation_id");
    if (primaryRaw != null) {
      primary = uuid(primaryRaw, "app_metadata.organisation_id");
    }
    Set<UUID> ids = new LinkedHashSet<>();
    Object idsRaw = appMetadata.get("organisation_ids");
    if (idsRaw != null) {
      if (!(idsRaw instanceof List<?> list)) {
        throw new InvalidRequestException(
            "access token claim app_metadata.organisation_ids is not an array");
      }
      for (Object o : list) {
        ids.add(uuid(o, "app_metadata.organisation_ids"));
      }
    }
    Map<UUID, Set<String>> roles = new LinkedHashMap<>();
    Object rolesRaw = appMetadata.get("org_roles");
    if (rolesRaw != null) {
      if (!(rolesRaw instanceof Map<?, ?> map)) {
        throw new InvalidRequestException(
            "access token claim app_metadata.org_roles is not an object");
      }
      for (Map.Entry<?, ?> e : map.entrySet()) {
        UUID org = uuid(e.getKey(), "app_metadata.org_roles");
        Set<String> set = new LinkedHashSet<>();
        if (e.getValue() instanceof List<?> list) {
          for (Object r : list) {
            if (!(r instanceof String s)) {
              throw new InvalidRequestException(
                  "access token claim app_metadata.org_roles has a non-string role");
            }
            set.add(s);
          }
        } else if (e.getValue() != null) {
          throw new InvalidRequestException(
              "access token claim app_metadata.org_roles value is not an array");
        }
        roles.put(org, Collections.unmodifiableSet(set));
      }
    }
    return new JwtClaims(
        jwt.getSubject(),
        jwt.getClaim("role").asString(),
        exp,
        primary,
        Collections.unmodifiableSet(ids),
        Collections.unmodifiableMap(roles));
  }

  private static UUID uuid(Object raw, String claim) {
    if (raw instanceof String s) {
      try {
        return UUID.fromString(s);
      } catch (IllegalArgumentException e) {
        // fall through
      }
    }
    throw new InvalidRequestException(
        "access token claim " + claim + " holds a value that is not a UUID");
  }

  /** The {@code sub} claim (the user id), if present. */
  public Optional<String> subject() {
    return Optional.ofNullable(subject);
  }

  /**
   * The {@code role} claim ({@code anon}, {@code authenticated}, {@code service_role}), if present.
   */
  public Optional<String> role() {
    return Optional.ofNullable(role);
  }

  /** The {@code exp} claim, if present. */
  public Optional<Instant> expiresAt() {
    return Optional.ofNullable(expiresAt);
  }

  /**
   * Whether the token has expired at {@code now} or will within {@code skew}.
   *
   * @param now the current time
   * @param skew margin, e.g. 30 s
   * @return false when there is no {@code exp}
   * @throws NullPointerException if an argument is null
   */
  public boolean isExpired(Instant now, Duration skew) {
    Objects.requireNonNull(now, "now == null");
    Objects.requireNonNull(skew, "skew == null");
    return expiresAt != null && !now.plus(skew).isBefore(expiresAt);
  }

  /** {@code app_metadata.organisation_id}: the primary organisation, if present. */
  public Optional<UUID> organisationId() {
    return Optional.ofNullable(organisationId);
  }

  /** {@code app_metadata.organisation_ids}, unmodifiable, possibly empty. */
  public Set<UUID> organisationIds() {
    return organisationIds;
  }

  /** {@code app_metadata.org_roles}: organisation id to roles, unmodifiable, possibly empty. */
  public Map<UUID, Set<String>> orgRoles() {
    return orgRoles;
  }

  /**
   * Every organisation the token names: the primary one, {@code organisation_ids} and the keys of
   * {@code org_roles}.
   *
   * @return unmodifiable set
   */
  public Set<UUID> allOrganisationIds() {
    Set<UUID> all = new LinkedHashSet<>();
    if (organisationId != null) {
      all.add(organisationId);
    }
    all.addAll(organisationIds);
    all.addAll(orgRoles.keySet());
    return Collections.unmodifiableSet(all);
  }

  /** Whether {@code role} is {@code service_role} (bypasses RLS on the server). */
  public boolean isServiceRole() {
    return "service_role".equals(role);
  }

  /**
   * Whether the token lists {@code roleName} for {@code orgId} in {@code org_roles}.
   *
   * @param orgId organisation
   * @param roleName e.g. {@code coordinator}
   * @return true if listed
   * @throws NullPointerException if an argument is null
   */
  public boolean hasRole(UUID orgId, String roleName) {
    Objects.requireNonNull(orgId, "orgId == null");
    Objects.requireNonNull(roleName, "roleName == null");
    return orgRoles.getOrDefault(orgId, Set.of()).contains(roleName);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof JwtClaims c
        && Objects.equals(subject, c.subject)
        && Objects.equals(role, c.role)
        && Objects.equals(expiresAt, c.expiresAt)
        && Objects.equals(organisationId, c.organisationId)
        && organisationIds.equals(c.organisationIds)
        && orgRoles.equals(c.orgRoles);
  }

  @Override
  public int hashCode() {
    return Objects.hash(subject, role, expiresAt, organisationId, organisationIds, orgRoles);
  }

  @Override
  public String toString() {
    return "JwtClaims{sub="
        + subject
        + ", role="
        + role
        + ", exp="
        + expiresAt
        + ", organisations="
        + allOrganisationIds().size()
        + "}";
  }
}
