package no.likeperson.sdk.admin;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import no.likeperson.sdk.core.Mutation;
import no.likeperson.sdk.core.NullsOrder;
import no.likeperson.sdk.core.Order;
import no.likeperson.sdk.core.RequestOptions;
import no.likeperson.sdk.core.RpcCall;
import no.likeperson.sdk.core.SupabaseClient;
import no.likeperson.sdk.core.TableQuery;
import no.likeperson.sdk.core.error.UnauthorisedAccessException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Peer-mentor certifications (card 004): a mentor's certifications, an organisation's
 * certifications expiring soon (the coordinator dashboard), renewal through the database's atomic
 * {@code renew_certification}, suspension and reactivation, the typed renewal history, and the
 * nightly expiry run.
 *
 * <p>Row-level security decides what a caller sees and may change: a peer mentor its own
 * certifications, a coordinator those of its organisations, an org admin those of its subtree.
 * Every method sends exactly one request; an organisation named by the caller is checked by the
 * client's org guard first ({@link UnauthorisedAccessException}, nothing sent).
 *
 * <p>Renewal history size: about one entry a year is the design, so a history stays well below
 * {@link Certification#RECOMMENDED_MAX_RENEWALS} (50); above it a renewal logs a warning (SLF4J,
 * logger {@code no.likeperson.sdk.admin.CertificationRepository}). The database refuses a renewal
 * beyond {@link Certification#MAX_RENEWALS} (500) with SQLSTATE 23514, which arrives as an {@link
 * AdminRepositoryException} whose {@code code()} is {@code "23514"}.
 *
 * <pre>{@code
 * List<Certification> mine =
 *     CertificationRepository.create(mentor).mentorCertifications(myUserId);
 *
 * CertificationRepository certs = CertificationRepository.create(client);
 * List<Certification> due = certs.expiringWithin(chapterId, 30); // coordinator dashboard
 * Certification renewed =
 *     certs.renew(due.get(0).id(), Instant.parse("2027-12-31T00:00:00Z"), "refresher done");
 * Certification suspended = certs.suspend(renewed.id());
 * Certification active = certs.reactivate(renewed.id());
 * // nightly, server side
 * int expired = CertificationRepository.create(serviceRoleClient).expireDueCertifications();
 * }</pre>
 *
 * <p>Compiled and run: {@code
 * examples/src/main/java/no/likeperson/examples/snippets/AdminSnippets.java#certifications}.
 *
 * <p>Failures: {@link NullPointerException} / {@link IllegalArgumentException} for bad arguments
 * and {@link UnauthorisedAccessException} from the guard, before anything is sent; {@link
 * AdminRepositoryException} (cause kept, {@code isRetryable()}) for every server answer or
 * transport failure. Never null. Immutable and thread-safe; it never closes the client.
 */
public final class CertificationRepository {

  private static final Logger LOG = LoggerFactory.getLogger(CertificationRepository.class);

  static final String TABLE = "peer_mentor_certifications";
  static final String RENEW_RPC = "renew_certification";
  static final String EXPIRY_RPC = "expire_due_certifications";

  /** The longest look-ahead {@link #expiringWithin} accepts. */
  static final int MAX_DAYS = 3650;

  /** What {@code renew_certification} accepts as notes. */
  static final int MAX_NOTES_LENGTH = 1000;

  private final SupabaseClient client;
  private final Clock clock;

  private CertificationRepository(SupabaseClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  /**
   * The repository over {@code client} (not closed by the repository).
   *
   * @param client a signed-in client (mentor, coordinator, org admin) or a service-role client
   * @return the repository
   * @throws NullPointerException if {@code client} is null
   */
  public static CertificationRepository create(SupabaseClient client) {
    return create(client, Clock.systemUTC());
  }

  static CertificationRepository create(SupabaseClient client, Clock clock) {
    return new CertificationRepository(
        Objects.requireNonNull(client, "client == null"),
        Objects.requireNonNull(clock, "clock == null"));
  }

  /**
   * The certifications of {@code peerMentorId} the caller may see (a mentor: its own; a coordinator
   * or admin: those its organisations manage), soonest expiry first, never-expiring last.
   *
   * @param peerMentorId the peer mentor
   * @return the certifications, possibly empty; unmodifiable
   * @throws NullPointerException if {@code peerMentorId} is null
   * @throws AdminRepositoryException on any server answer or transport failure
   */
  public List<Certification> mentorCertifications(UUID peerMentorId) {
    Objects.requireNonNull(peerMentorId, "peerMentorId == null");
    return AdminRepositoryException.call(
        "mentor certifications",
        () -> List.copyOf(ofMentor(peerMentorId).list(Certification.class)));
  }

  /**
   * Async twin of {@link #mentorCertifications(UUID)}; failures complete the future exceptionally.
   */
  public CompletableFuture<List<Certification>> mentorCertificationsAsync(UUID peerMentorId) {
    return AdminRepositoryException.callAsync(
        "mentor certifications",
        () -> {
          Objects.requireNonNull(peerMentorId, "peerMentorId == null");
          return ofMentor(peerMentorId).listAsync(Certification.class).thenApply(List::copyOf);
        });
  }

  /**
   * The active certifications of organisation {@code orgId} whose expiry is at most {@code days}
   * days from now, soonest first: the coordinator dashboard's list. It includes certifications
   * whose expiry has passed but that the nightly run has not yet marked expired (they need
   * attention most).
   *
   * @param orgId the organisation (the caller's token must name it)
   * @param days look-ahead in days, 0 to 3650
   * @return the certifications, possibly empty; unmodifiable
   * @throws NullPointerException if {@code orgId} is null
   * @throws IllegalArgumentException if {@code days} is outside 0-3650
   * @throws UnauthorisedAccessException if the token does not name {@code orgId}; nothing was sent
   * @throws AdminRepositoryException on any server answer or transport failure
   */
  public List<Certification> expiringWithin(UUID orgId, int days) {
    TableQuery q = expiring(orgId, days);
    return AdminRepositoryException.call(
        "expiring certifications", () -> List.copyOf(guarded(orgId, q).list(Certification.class)));
  }

  /**
   * Async twin of {@link #expiringWithin(UUID, int)}; failures complete the future exceptionally.
   */
  public CompletableFuture<List<Certification>> expiringWithinAsync(UUID orgId, int days) {
    return AdminRepositoryException.callAsync(
        "expiring certifications",
        () ->
            guarded(orgId, expiring(orgId, days))
                .listAsync(Certification.class)
                .thenApply(List::copyOf));
  }

  /**
   * Renews a certification atomically in the database ({@code renew_certification}): sets the new
   * expiry, makes it active and appends a {@link RenewalEntry} to its history in one statement, so
   * two concurrent renewals never lose an entry. Not retried (it writes).
   *
   * @param certificationId the certification
   * @param newExpiresAt the new expiry; the database requires it after the current one
   * @param notes the renewer's note, at most 1000 characters; null for none
   * @return the renewed certification
   * @throws NullPointerException if {@code certificationId} or {@code newExpiresAt} is null
   * @throws IllegalArgumentException if {@code notes} is longer than 1000 characters
   * @throws AdminRepositoryException on any server answer or transport failure: 404 unknown or
   *     invisible, 403 (42501) not allowed, 400 (22023) suspended or expiry not after the current
   *     one, 400 (23514) the history is at its hard limit
   */
  public Certification renew(UUID certificationId, Instant newExpiresAt, String notes) {
    Map<String, Object> params = renewParams(certificationId, newExpiresAt, notes);
    Certification c =
        AdminRepositoryException.call(
            "renew certification", () -> client.rpc(RENEW_RPC, params).single(Certification.class));
    return warnIfLong(c);
  }

  /**
   * Async twin of {@link #renew(UUID, Instant, String)}; failures complete the future
   * exceptionally.
   */
  public CompletableFuture<Certification> renewAsync(
      UUID certificationId, Instant newExpiresAt, String notes) {
    return AdminRepositoryException.callAsync(
        "renew certification",
        () ->
            client
                .rpc(RENEW_RPC, renewParams(certificationId, newExpiresAt, notes))
                .singleAsync(Certification.class)
                .thenApply(CertificationRepository::warnIfLong));
  }

  /**
   * Suspends a certification (status {@code suspended}); a suspended certification cannot be
   * renewed. Suspending a suspended one changes nothing and returns it.
   *
   * @param certificationId the certification
   * @return the suspended certification
   * @throws NullPointerException if {@code certificationId} is null
   * @throws AdminRepositoryException on any server answer or transport failure; when the
   *     certification is unknown or the caller may not change it, the cause is a {@link
   *     no.likeperson.sdk.core.error.NotExactlyOneRowException} (nothing was changed)
   */
  public Certification suspend(UUID certificationId) {
    return AdminRepositoryException.call(
        "suspend certification",
        () ->
            setStatus(certificationId, CertificationStatus.SUSPENDED, null)
                .single(Certification.class));
  }

  /** Async twin of {@link #suspend(UUID)}; failures complete the future exceptionally. */
  public CompletableFuture<Certification> suspendAsync(UUID certificationId) {
    return AdminRepositoryException.callAsync(
        "suspend certification",
        () ->
            setStatus(certificationId, CertificationStatus.SUSPENDED, null)
                .singleAsync(Certification.class));
  }

  /**
   * Reactivates a suspended certification (status {@code active}). One whose expiry has passed
   * meanwhile is marked expired again by the next expiry run: renew it instead.
   *
   * @param certificationId the certification
   * @return the reactivated certification
   * @throws NullPointerException if {@code certificationId} is null
   * @throws AdminRepositoryException on any server answer or transport failure; when the
   *     certification is unknown, not suspended or the caller may not change it, the cause is a
   *     {@link no.likeperson.sdk.core.error.NotExactlyOneRowException} (nothing was changed)
   */
  public Certification reactivate(UUID certificationId) {
    return AdminRepositoryException.call(
        "reactivate certification",
        () ->
            setStatus(certificationId, CertificationStatus.ACTIVE, CertificationStatus.SUSPENDED)
                .single(Certification.class));
  }

  /** Async twin of {@link #reactivate(UUID)}; failures complete the future exceptionally. */
  public CompletableFuture<Certification> reactivateAsync(UUID certificationId) {
    return AdminRepositoryException.callAsync(
        "reactivate certification",
        () ->
            setStatus(certificationId, CertificationStatus.ACTIVE, CertificationStatus.SUSPENDED)
                .singleAsync(Certification.class));
  }

  /**
   * The renewal history of a certification, oldest first.
   *
   * @param certificationId the certification
   * @return the entries, possibly empty; unmodifiable
   * @throws NullPointerException if {@code certificationId} is null
   * @throws AdminRepositoryException on any server answer or transport failure; when the
   *     certification is unknown or invisible the cause is a {@link
   *     no.likeperson.sdk.core.error.NotExactlyOneRowException}
   */
  public List<RenewalEntry> renewalHistory(UUID certificationId) {
    Objects.requireNonNull(certificationId, "certificationId == null");
    return AdminRepositoryException.call(
        "renewal history", () -> one(certificationId).single(Certification.class).renewalHistory());
  }

  /** Async twin of {@link #renewalHistory(UUID)}; failures complete the future exceptionally. */
  public CompletableFuture<List<RenewalEntry>> renewalHistoryAsync(UUID certificationId) {
    return AdminRepositoryException.callAsync(
        "renewal history",
        () -> {
          Objects.requireNonNull(certificationId, "certificationId == null");
          return one(certificationId)
              .singleAsync(Certification.class)
              .thenApply(Certification::renewalHistory);
        });
  }

  /**
   * The nightly expiry run: marks every active certification whose expiry has passed as {@code
   * expired}, in one statement in the database ({@code expire_due_certifications}). Only a
   * service-role client may run it (the database refuses everyone else); on Supabase the same
   * function is also scheduled with pg_cron. Safe to repeat, so it is retried like a read.
   *
   * @return how many certifications were marked expired
   * @throws UnauthorisedAccessException if the client's token is not a service-role token; nothing
   *     was sent
   * @throws AdminRepositoryException on any server answer or transport failure
   */
  public int expireDueCertifications() {
    return AdminRepositoryException.call(
        "certification expiry run", () -> expiryCall().single(Integer.class));
  }

  /**
   * Async twin of {@link #expireDueCertifications()}; failures complete the future exceptionally.
   */
  public CompletableFuture<Integer> expireDueCertificationsAsync() {
    return AdminRepositoryException.callAsync(
        "certification expiry run", () -> expiryCall().singleAsync(Integer.class));
  }

  // ---------------------------------------------------------------------------------------------

  private TableQuery ofMentor(UUID peerMentorId) {
    return client
        .from(TABLE)
        .select(Certification.COLUMNS)
        .eq("peer_mentor_id", peerMentorId)
        .order("expires_at", Order.ASC, NullsOrder.LAST)
        .order("id");
  }

  private TableQuery one(UUID certificationId) {
    return client.from(TABLE).select(Certification.COLUMNS).eq("id", certificationId);
  }

  /** Validates the arguments and builds the query (nothing sent). */
  private TableQuery expiring(UUID orgId, int days) {
    Objects.requireNonNull(orgId, "orgId == null");
    if (days < 0 || days > MAX_DAYS) {
      throw new IllegalArgumentException("days must be within 0-" + MAX_DAYS + ", was " + days);
    }
    Instant until = clock.instant().plus(Duration.ofDays(days));
    return client
        .from(TABLE)
        .select(Certification.COLUMNS)
        .eq("org_id", orgId)
        .eq("status", CertificationStatus.ACTIVE.wireValue())
        .lte("expires_at", until.toString())
        .order("expires_at")
        .order("id");
  }

  private TableQuery guarded(UUID orgId, TableQuery query) {
    client.orgGuard().requireAccess(orgId);
    return query;
  }

  private static Map<String, Object> renewParams(
      UUID certificationId, Instant newExpiresAt, String notes) {
    Objects.requireNonNull(certificationId, "certificationId == null");
    Objects.requireNonNull(newExpiresAt, "newExpiresAt == null");
    if (notes != null && notes.length() > MAX_NOTES_LENGTH) {
      throw new IllegalArgumentException(
          "notes must be at most " + MAX_NOTES_LENGTH + " characters, was " + notes.length());
    }
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("p_certification_id", certificationId);
    params.put("p_new_expires_at", newExpiresAt.toString());
    params.put("p_notes", notes);
    return params;
  }

  private Mutation setStatus(
      UUID certificationId, CertificationStatus to, @Nullable CertificationStatus from) {
    Objects.requireNonNull(certificationId, "certificationId == null");
    Mutation m =
        client.from(TABLE).update(Map.of("status", to.wireValue())).eq("id", certificationId);
    if (from != null) {
      m.eq("status", from.wireValue());
    }
    return m.select(Certification.COLUMNS);
  }

  private RpcCall expiryCall() {
    if (!client.claims().isServiceRole()) {
      throw new UnauthorisedAccessException(
          "the certification expiry run needs a service-role client");
    }
    return client.rpc(EXPIRY_RPC).options(RequestOptions.builder().idempotent(true).build());
  }

  private static Certification warnIfLong(Certification c) {
    if (c.renewalHistoryAboveRecommendedSize()) {
      LOG.warn(
          "certification {} has {} renewal history entries, above the recommended {} (hard limit {})",
          c.id(),
          c.renewalHistory().size(),
          Certification.RECOMMENDED_MAX_RENEWALS,
          Certification.MAX_RENEWALS);
    }
    return c;
  }

  @Override
  public String toString() {
    return "CertificationRepository";
  }
}
