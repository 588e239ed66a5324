package no.likeperson.sdk.core;

import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import no.likeperson.sdk.core.error.InvalidRequestException;
import no.likeperson.sdk.core.error.SupabaseClientException;
import no.likeperson.sdk.core.error.UnauthorisedAccessException;
import org.jspecify.annotations.Nullable;

/**
 * Fail-fast IDOR guard: rejects an organisation the current token does not grant, before the
 * request that would touch it is sent. The server (RLS) remains the authority; this only stops
 * obvious mistakes early. {@code service_role} tokens pass.
 *
 * <p>What a token grants: every organisation it names (primary organisation, {@code
 * organisation_ids}, the keys of {@code org_roles}) and, for an org admin, the whole subtree under
 * each organisation where it holds {@code org_admin}. The token names only the roots, so the guard
 * of a {@link SupabaseClient} asks the server for the subtree with one small read-only RPC ({@code
 * public.admin_org_subtree()}, under RLS) the first time an admin token needs it, and keeps the
 * answer with that token: a new token (refresh, another user) asks again. Tokens without {@code
 * org_admin} never cause a request, nor does an organisation the token names itself.
 *
 * <pre>{@code
 * client.orgGuard().requireAccess(orgId);                 // throws if orgId is not granted
 * client.orgGuard().requireRole(orgId, "coordinator", "org_admin");
 * client.orgGuard().requireAccessAsync(orgId)             // off the calling thread for admins
 *     .thenCompose(ok -> stats.monthlyAsync(orgId));
 * }</pre>
 */
public final class OrgGuard {

  /** What {@link SupabaseClient} gives its guard: the current token and the subtree query. */
  interface Server {
    /** The user token the next request would carry (refreshed first when expired), or null. */
    @Nullable String userToken();

    /** The admin subtree of {@code token}'s user, asked with exactly that token. */
    CompletableFuture<Set<UUID>> adminSubtree(String token);
  }

  private static final String ORG_ADMIN = "org_admin";

  private final Supplier<JwtClaims> claims;
  private final @Nullable Server server;
  private final Object lock = new Object();

  /** Guarded by lock: the subtree of one token (the last one asked about). */
  private @Nullable String cachedToken;

  private @Nullable CompletableFuture<Set<UUID>> cachedSubtree;

  private OrgGuard(Supplier<JwtClaims> claims, @Nullable Server server) {
    this.claims = claims;
    this.server = server;
  }

  /**
   * A guard over the claims that {@code claims} returns on each check, without a server to ask: it
   * grants only the organisations the claims name (an admin's descendants are refused). Use {@link
   * SupabaseClient#orgGuard()} for the guard that knows admin subtrees.
   *
   * @param claims supplier of the current claims
   * @return the guard
   * @throws NullPointerException if {@code claims} is null
   */
  public static OrgGuard of(Supplier<JwtClaims> claims) {
    return new OrgGuard(Objects.requireNonNull(claims, "claims == null"), null);
  }

  /** The guard of a client: claims from its token, admin subtrees from its server. */
  static OrgGuard forClient(Supplier<JwtClaims> claims, Server server) {
    return new OrgGuard(claims, server);
  }

  /**
   * Requires that the current token grants {@code orgId}: it names it, or (org admin) it lies in
   * the subtree of an organisation where the token holds {@code org_admin}. Blocks for the one
   * subtree request an admin token may need (see the class comment); on Android's main thread use
   * {@link #requireAccessAsync(UUID)}.
   *
   * @param orgId the organisation the caller wants to touch
   * @throws NullPointerException if {@code orgId} is null
   * @throws UnauthorisedAccessException if the token does not grant it
   * @throws no.likeperson.sdk.core.error.SupabaseException if the current claims cannot be read
   *     (undecodable token: {@link InvalidRequestException}; failed provider or refresh) or an
   *     admin's subtree cannot be fetched (e.g. {@link
   *     no.likeperson.sdk.core.error.NotFoundException} when the project lacks {@code
   *     public.admin_org_subtree()}); the next check asks again
   */
  public void requireAccess(UUID orgId) {
    Objects.requireNonNull(orgId, "orgId == null");
    Decision d = decide(orgId, ORG_ADMIN_ANY);
    if (d.subtree != null) {
      d.finish(join(d.subtree));
    }
  }

  /**
   * Async twin of {@link #requireAccess(UUID)}: the subtree request, when one is needed, runs on
   * OkHttp's dispatcher, so this may be called on Android's main thread. Reading the token still
   * happens on the calling thread, as before any request.
   *
   * @param orgId the organisation the caller wants to touch
   * @return a future that completes when access is granted, or fails with the exceptions {@link
   *     #requireAccess(UUID)} throws
   * @throws NullPointerException if {@code orgId} is null
   */
  public CompletableFuture<Void> requireAccessAsync(UUID orgId) {
    Objects.requireNonNull(orgId, "orgId == null");
    Decision d;
    try {
      d = decide(orgId, ORG_ADMIN_ANY);
    } catch (RuntimeException e) {
      return ClientContext.failed(e);
    }
    if (d.subtree == null) {
      return CompletableFuture.completedFuture(null);
    }
    return d.subtree.thenApply(
        set -> {
          d.finish(set);
          return null;
        });
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
   * Requires that the token lists at least one of {@code roles} for {@code orgId} in {@code
   * org_roles}; when {@code roles} includes {@code org_admin}, an organisation in the subtree of
   * one where the token holds {@code org_admin} passes too (an admin administers its whole
   * subtree).
   *
   * @param orgId organisation
   * @param roles accepted roles, at least one
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code roles} is empty
   * @throws UnauthorisedAccessException if none of the roles is held there
   * @throws no.likeperson.sdk.core.error.SupabaseException if the current claims cannot be read or
   *     an admin's subtree cannot be fetched
   */
  public void requireRole(UUID orgId, String... roles) {
    Objects.requireNonNull(orgId, "orgId == null");
    Objects.requireNonNull(roles, "roles == null");
    if (roles.length == 0) {
      throw new IllegalArgumentException("roles is empty");
    }
    for (String r : roles) {
      Objects.requireNonNull(r, "role == null");
    }
    Decision d = decide(orgId, roles);
    if (d.subtree != null) {
      d.finish(join(d.subtree));
    }
  }

  /** {@code null} roles: any organisation the token names (requireAccess). */
  private static final String @Nullable [] ORG_ADMIN_ANY = null;

  /**
   * Decides from the token alone where it can: returns a decision without a subtree when granted,
   * throws when refused, and otherwise a decision waiting for the admin subtree.
   */
  private Decision decide(UUID orgId, String @Nullable [] roles) {
    String token = server == null ? null : server.userToken();
    JwtClaims c = token == null ? current() : JwtClaims.decode(token);
    if (c.isServiceRole()) {
      return Decision.GRANTED;
    }
    boolean named;
    boolean adminRoleAccepted;
    String refusal;
    if (roles == null) {
      named = c.allOrganisationIds().contains(orgId);
      adminRoleAccepted = true;
      refusal = "the access token does not grant access to the requested organisation";
    } else {
      named = false;
      adminRoleAccepted = false;
      for (String r : roles) {
        named |= c.hasRole(orgId, r);
        adminRoleAccepted |= ORG_ADMIN.equals(r);
      }
      refusal = "the access token does not hold a required role in the requested organisation";
    }
    if (named) {
      return Decision.GRANTED;
    }
    if (!adminRoleAccepted || token == null || !holdsOrgAdmin(c)) {
      throw new UnauthorisedAccessException(refusal);
    }
    return new Decision(orgId, subtreeOf(token), refusal);
  }

  private static boolean holdsOrgAdmin(JwtClaims c) {
    for (Set<String> roles : c.orgRoles().values()) {
      if (roles.contains(ORG_ADMIN)) {
        return true;
      }
    }
    return false;
  }

  /** One subtree request per token: callers with the same token share it; a failure is not kept. */
  private CompletableFuture<Set<UUID>> subtreeOf(String token) {
    CompletableFuture<Set<UUID>> f;
    synchronized (lock) {
      if (token.equals(cachedToken) && cachedSubtree != null) {
        return cachedSubtree;
      }
      f = new CompletableFuture<>();
      cachedToken = token;
      cachedSubtree = f;
    }
    CompletableFuture<Set<UUID>> asked;
    try {
      asked = Objects.requireNonNull(server, "no server to ask").adminSubtree(token);
    } catch (RuntimeException e) {
      asked = ClientContext.failed(e);
    }
    CompletableFuture<Set<UUID>> mine = f;
    asked.whenComplete(
        (set, e) -> {
          if (e != null) {
            synchronized (lock) {
              if (cachedSubtree == mine) {
                cachedToken = null;
                cachedSubtree = null;
              }
            }
            mine.completeExceptionally(e);
          } else {
            mine.complete(Set.copyOf(set));
          }
        });
    return mine;
  }

  /** A check that is granted, or waits for an admin subtree. */
  private static final class Decision {
    static final Decision GRANTED = new Decision(null, null, null);

    final @Nullable UUID orgId;
    final @Nullable CompletableFuture<Set<UUID>> subtree;
    final @Nullable String refusal;

    Decision(
        @Nullable UUID orgId,
        @Nullable CompletableFuture<Set<UUID>> subtree,
        @Nullable String refusal) {
      this.orgId = orgId;
      this.subtree = subtree;
      this.refusal = refusal;
    }

    void finish(Set<UUID> granted) {
      if (!granted.contains(orgId)) {
        throw new UnauthorisedAccessException(refusal == null ? "refused" : refusal);
      }
    }
  }

  private static <T> T join(CompletableFuture<T> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SupabaseClientException(
          "interrupted while asking for the admin's organisations", e, false);
    } catch (ExecutionException e) {
      Throwable t = e.getCause();
      while (t instanceof CompletionException && t.getCause() != null) {
        t = t.getCause();
      }
      if (t instanceof RuntimeException r) {
        throw r;
      }
      if (t instanceof Error err) {
        throw err;
      }
      throw new SupabaseClientException(
          "asking for the admin's organisations failed", t == null ? e : t, false);
    }
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
