package no.likeperson.sdk.admin;

import java.util.Objects;
import java.util.UUID;
import no.likeperson.sdk.core.JwtClaims;
import no.likeperson.sdk.core.SupabaseClient;
import no.likeperson.sdk.core.error.UnauthorisedAccessException;

/**
 * The only way {@link AdminDataRepository} reaches the server (card 003's {@code guardedClient}):
 * an org admin's client bound to the root organisation whose subtree the dashboard shows.
 *
 * <p>{@link #guardedClient()} checks, before any request, that the current access token lists
 * {@code org_admin} for the root in its {@code org_roles} claim ({@code service_role} passes); a
 * token without it gets an {@link UnauthorisedAccessException} and nothing is sent. The claims are
 * read on every check, so a refreshed token (another organisation after a switch) is honoured at
 * once. The client cannot verify the claims: the server is the authority. It decides the subtree
 * from its closure table and its own membership rows, refuses a root the caller is not org admin of
 * (a forged or stale claim) and a narrowed scope outside the root's subtree, both with 42501.
 *
 * <pre>{@code
 * AdminRlsGuard guard = AdminRlsGuard.create(client, nationalOrgId);
 * AdminDataRepository admin = AdminDataRepository.create(guard);
 * AdminStatDto kpis = admin.getKpiStats(); // the whole subtree of nationalOrgId
 * }</pre>
 *
 * <p>Compiled and run: {@code
 * examples/src/main/java/no/likeperson/examples/snippets/AdminSnippets.java#guard}.
 *
 * <p>Immutable and thread-safe; it never closes the client.
 */
public final class AdminRlsGuard {

  /** The role the token must hold for the root. */
  static final String ORG_ADMIN = "org_admin";

  private final SupabaseClient client;
  private final UUID rootOrgId;

  private AdminRlsGuard(SupabaseClient client, UUID rootOrgId) {
    this.client = client;
    this.rootOrgId = rootOrgId;
  }

  /**
   * A guard for the subtree of {@code rootOrgId} over {@code client}.
   *
   * @param client the signed-in admin's client (not closed by the guard)
   * @param rootOrgId the organisation the admin administers (a key of its {@code org_roles} claim)
   * @return the guard
   * @throws NullPointerException if an argument is null
   */
  public static AdminRlsGuard create(SupabaseClient client, UUID rootOrgId) {
    Objects.requireNonNull(client, "client == null");
    Objects.requireNonNull(rootOrgId, "rootOrgId == null");
    return new AdminRlsGuard(client, rootOrgId);
  }

  /** The root organisation of the admin's subtree. */
  public UUID rootOrgId() {
    return rootOrgId;
  }

  /**
   * The client, after checking that the current token holds {@code org_admin} for {@link
   * #rootOrgId()} (or is a {@code service_role} token).
   *
   * @return the client to send exactly one request with
   * @throws UnauthorisedAccessException if the token does not hold {@code org_admin} for the root
   *     (anonymous, another organisation, a coordinator); nothing was sent
   * @throws no.likeperson.sdk.core.error.SupabaseException if the claims cannot be read (an
   *     undecodable token, a failed token refresh)
   */
  public SupabaseClient guardedClient() {
    JwtClaims claims = client.claims();
    if (!claims.isServiceRole() && !claims.hasRole(rootOrgId, ORG_ADMIN)) {
      throw new UnauthorisedAccessException(
          "the access token does not hold org_admin for the requested root organisation");
    }
    return client;
  }

  @Override
  public String toString() {
    return "AdminRlsGuard{root=" + rootOrgId + "}";
  }
}
