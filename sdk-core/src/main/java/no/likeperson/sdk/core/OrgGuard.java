package no.likeperson.sdk.core;

import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;
import no.likeperson.sdk.core.error.InvalidRequestException;
import no.likeperson.sdk.core.error.UnauthorisedAccessException;

/**
 * Fail-fast IDOR guard: rejects an organisation id that the current token's claims do not name,
 * before any request is sent. The server (RLS) remains the authority; this only stops obvious
 * mistakes early. An org admin's subtree is resolved by the server, so the guard checks the root
 * organisation the caller names. {@code service_role} tokens pass.
 *
 * <pre>{@code
 * client.orgGuard().requireAccess(orgId);                 // throws if orgId is not in the claims
 * client.orgGuard().requireRole(orgId, "coordinator", "org_admin");
 * }</pre>
 */
public final class OrgGuard {

  private final Supplier<JwtClaims> claims;

  private OrgGuard(Supplier<JwtClaims> claims) {
    this.claims = claims;
  }

  /**
   * A guard over the claims that {@code claims} returns on each check (the current token's).
   *
   * @param claims supplier of the current claims
   * @return the guard
   * @throws NullPointerException if {@code claims} is null
   */
  public static OrgGuard of(Supplier<JwtClaims> claims) {
    return new OrgGuard(Objects.requireNonNull(claims, "claims == null"));
  }

  /**
   * Requires that the token names {@code orgId} (primary organisation, {@code organisation_ids} or
   * {@code org_roles}).
   *
   * @param orgId the organisation the caller wants to touch
   * @throws NullPointerException if {@code orgId} is null
   * @throws UnauthorisedAccessException if the claims do not allow it
   * @throws no.likeperson.sdk.core.error.SupabaseException if the current claims cannot be read
   *     (undecodable token: {@link InvalidRequestException}; failed provider or refresh)
   */
  public void requireAccess(UUID orgId) {
    Objects.requireNonNull(orgId, "orgId == null");
    JwtClaims c = current();
    if (c.isServiceRole()) {
      return;
    }
    if (!c.allOrganisationIds().contains(orgId)) {
      throw new UnauthorisedAccessException("the access token does not grant access to the requested organisation");
    }
  }

  /**
   * {@link #requireAccess(UUID)} for an id in text form.
   *
   * @param orgId the organisation id as a UUID string
   * @throws NullPointerException if {@code orgId} is null
   * @throws InvalidRequestException if {@code orgId} is not a UUID
   * @throws UnauthorisedAccessException if the claims do not allow it
   * @throws no.likeperson.sdk.core.error.SupabaseException if the current claims cannot be read
   *     (undecodable token: {@link InvalidRequestException}; failed provider or refresh)
   */
  public void requireAccess(String orgId) {
    Objects.requireNonNull(orgId, "orgId == null");
    UUID id;
    try {
      id = UUID.fromString(orgId);
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException("orgId is not a UUID");
    }
    requireAccess(id);
  }

  /**
   * Requires that the token lists at least one of {@code roles} for {@code orgId} in {@code org_roles}.
   *
   * @param orgId organisation
   * @param roles accepted roles, at least one
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code roles} is empty
   * @throws UnauthorisedAccessException if none of the roles is held there
   * @throws no.likeperson.sdk.core.error.SupabaseException if the current claims cannot be read
   */
  public void requireRole(UUID orgId, String... roles) {
    Objects.requireNonNull(orgId, "orgId == null");
    Objects.requireNonNull(roles, "roles == null");
    if (roles.length == 0) {
      throw new IllegalArgumentException("roles is empty");
    }
    JwtClaims c = current();
    if (c.isServiceRole()) {
      return;
    }
    for (String r : roles) {
      if (c.hasRole(orgId, Objects.requireNonNull(r, "role == null"))) {
        return;
      }
    }
    throw new UnauthorisedAccessException("the access token does not hold a required role in the requested organisation");
  }

  private JwtClaims current() {
    JwtClaims c = claims.get();
    if (c == null) {
      throw new UnauthorisedAccessException("no access token claims available");
    }
    return c;
  }

  @Override
  public String toString() {
    return "OrgGuard";
  }
}
