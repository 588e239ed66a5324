package no.likeperson.examples.snippets;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import no.likeperson.sdk.admin.AdminDataRepository;
import no.likeperson.sdk.admin.AdminRlsGuard;
import no.likeperson.sdk.admin.AdminStatDto;
import no.likeperson.sdk.admin.Certification;
import no.likeperson.sdk.admin.CertificationRepository;
import no.likeperson.sdk.core.SupabaseClient;

/**
 * The sdk-admin examples of the README and of the javadoc of {@code AdminRlsGuard}, {@code
 * AdminDataRepository} and {@code CertificationRepository}, compiled and run by {@code
 * AdminSnippetsTest} against the local stack.
 *
 * <pre>{@code
 * AdminSnippets.ReadmeResult r = AdminSnippets.readme(admin, coordinator, rootOrgId, chapterId);
 * }</pre>
 */
public final class AdminSnippets {

  private AdminSnippets() {}

  /** What {@link #readme} read and changed. */
  public record ReadmeResult(
      AdminStatDto kpis,
      long pending,
      double health,
      List<Certification> due,
      Certification renewed) {
    /** Copies {@code due}. */
    public ReadmeResult {
      due = List.copyOf(due);
    }
  }

  /**
   * The README's admin block: the KPIs of an org admin's subtree ({@code client}), then a
   * coordinator's certifications due within 30 days ({@code coordinator}), the first one renewed.
   *
   * @throws no.likeperson.sdk.core.error.UnauthorisedAccessException if a token does not grant the
   *     organisation (nothing is sent)
   * @throws no.likeperson.sdk.admin.AdminRepositoryException if the server refuses or cannot be
   *     reached
   */
  public static ReadmeResult readme(
      SupabaseClient client, SupabaseClient coordinator, UUID rootOrgId, UUID chapterId) {
    // tag::readme[]
    AdminDataRepository admin = AdminDataRepository.create(AdminRlsGuard.create(client, rootOrgId));
    AdminStatDto kpis = admin.getKpiStats(); // four KPIs of the subtree, one round trip
    long pending = admin.getPendingReimbursementsCount(); // one stat card alone
    double health = admin.narrowedTo(chapterId).getOrgHealthScore();

    CertificationRepository certs = CertificationRepository.create(coordinator);
    List<Certification> due = certs.expiringWithin(chapterId, 30);
    Certification renewed =
        certs.renew(due.get(0).id(), Instant.parse("2028-01-01T00:00:00Z"), "refresher course");
    // end::readme[]
    return new ReadmeResult(kpis, pending, health, due, renewed);
  }

  /**
   * {@code AdminRlsGuard}'s javadoc example: the KPIs of the whole subtree.
   *
   * @throws no.likeperson.sdk.core.error.UnauthorisedAccessException if a token does not grant the
   *     organisation (nothing is sent)
   * @throws no.likeperson.sdk.admin.AdminRepositoryException if the server refuses or cannot be
   *     reached
   */
  public static AdminStatDto guard(SupabaseClient client, UUID nationalOrgId) {
    // tag::guard[]
    AdminRlsGuard guard = AdminRlsGuard.create(client, nationalOrgId);
    AdminDataRepository admin = AdminDataRepository.create(guard);
    AdminStatDto kpis = admin.getKpiStats(); // the whole subtree of nationalOrgId
    // end::guard[]
    return kpis;
  }

  /** What {@link #dashboard} read. */
  public record DashboardResult(
      AdminStatDto all, long pending, double osloHealth, AdminStatDto async) {}

  /**
   * {@code AdminDataRepository}'s javadoc example.
   *
   * @throws no.likeperson.sdk.core.error.UnauthorisedAccessException if a token does not grant the
   *     organisation (nothing is sent)
   * @throws no.likeperson.sdk.admin.AdminRepositoryException if the server refuses or cannot be
   *     reached
   */
  public static DashboardResult dashboard(SupabaseClient client, UUID nationalId, UUID osloId) {
    // tag::dashboard[]
    AdminDataRepository admin =
        AdminDataRepository.create(AdminRlsGuard.create(client, nationalId));
    AdminStatDto all = admin.getKpiStats(); // one round trip, four KPIs
    long pending = admin.getPendingReimbursementsCount(); // one card refreshes alone
    double osloHealth = admin.narrowedTo(osloId).getOrgHealthScore();
    CompletableFuture<AdminStatDto> later = admin.getKpiStatsAsync(); // off the main thread
    // end::dashboard[]
    return new DashboardResult(all, pending, osloHealth, later.join());
  }

  /** What {@link #certifications} saw. */
  public record CertificationResult(
      List<Certification> mine,
      List<Certification> due,
      Certification renewed,
      Certification suspended,
      Certification reactivated,
      int expired) {
    /** Copies the lists. */
    public CertificationResult {
      mine = List.copyOf(mine);
      due = List.copyOf(due);
    }
  }

  /**
   * {@code CertificationRepository}'s javadoc example: a mentor's own certifications ({@code
   * mentor}), a coordinator's dashboard and changes ({@code client}), the nightly run ({@code
   * serviceRoleClient}).
   *
   * @throws no.likeperson.sdk.core.error.UnauthorisedAccessException if a token does not grant the
   *     organisation (nothing is sent)
   * @throws no.likeperson.sdk.admin.AdminRepositoryException if the server refuses or cannot be
   *     reached
   */
  public static CertificationResult certifications(
      SupabaseClient mentor,
      SupabaseClient client,
      SupabaseClient serviceRoleClient,
      UUID myUserId,
      UUID chapterId) {
    // tag::certifications[]
    List<Certification> mine =
        CertificationRepository.create(mentor).mentorCertifications(myUserId);

    CertificationRepository certs = CertificationRepository.create(client);
    List<Certification> due = certs.expiringWithin(chapterId, 30); // coordinator dashboard
    Certification renewed =
        certs.renew(due.get(0).id(), Instant.parse("2027-12-31T00:00:00Z"), "refresher done");
    Certification suspended = certs.suspend(renewed.id());
    Certification active = certs.reactivate(renewed.id());
    // nightly, server side
    int expired = CertificationRepository.create(serviceRoleClient).expireDueCertifications();
    // end::certifications[]
    return new CertificationResult(mine, due, renewed, suspended, active, expired);
  }
}
