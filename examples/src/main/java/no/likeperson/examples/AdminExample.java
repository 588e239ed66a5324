package no.likeperson.examples;

import java.io.PrintStream;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import no.likeperson.sdk.admin.AdminDataRepository;
import no.likeperson.sdk.admin.AdminRepositoryException;
import no.likeperson.sdk.admin.AdminRlsGuard;
import no.likeperson.sdk.admin.AdminStatDto;
import no.likeperson.sdk.admin.Certification;
import no.likeperson.sdk.admin.CertificationRepository;
import no.likeperson.sdk.core.SupabaseClient;
import no.likeperson.sdk.core.error.UnauthorisedAccessException;
import no.likeperson.testkit.LocalSupabase;

/**
 * The admin dashboard and the certification follow-up with sdk-admin: a national admin's KPIs, the
 * same narrowed to a chapter, a regional admin's KPIs, what happens when an admin asks for another
 * organisation, a coordinator's certifications expiring within 30 days and a mentor's own
 * certifications. Only reads, so it can be run again and again.
 *
 * <pre>{@code
 * // from the repository root
 * mvn -B -q -pl examples -am -DskipTests package exec:java -Dexec.mainClass=no.likeperson.examples.AdminExample
 *
 * // or from code
 * try (LocalSupabase stack = LocalSupabase.start()) {
 *   AdminExample.Summary s = AdminExample.run(stack, System.out);
 * }
 * }</pre>
 */
public final class AdminExample {

  /** What the example saw. */
  public record Summary(
      AdminStatDto national,
      AdminStatDto osloNarrowed,
      AdminStatDto regionOst,
      boolean foreignRootRefusedBeforeSending,
      String foreignScopeServerCode,
      List<Certification> osloExpiringWithin30Days,
      List<Certification> mentorOslosOwn) {
    public Summary {
      osloExpiringWithin30Days = List.copyOf(osloExpiringWithin30Days);
      mentorOslosOwn = List.copyOf(mentorOslosOwn);
    }
  }

  /** Demo Blindeforbund, an organisation unrelated to {@link Demo#ORG_NATIONAL}. */
  static final UUID ORG_BLIND = UUID.fromString("b0000000-0000-4000-8000-000000000001");

  private AdminExample() {}

  /**
   * Runs the example against {@code stack}, printing what it does to {@code out}.
   *
   * @param stack the local (or external) Supabase stack
   * @param out where to print
   * @return what the example saw
   */
  public static Summary run(LocalSupabase stack, PrintStream out) {
    Objects.requireNonNull(stack, "stack == null");
    Objects.requireNonNull(out, "out == null");
    try (SupabaseClient national = stack.clientFor(Demo.ADMIN_NATIONAL);
        SupabaseClient ost = stack.clientFor(Demo.ADMIN_OST);
        SupabaseClient coordinator = stack.clientFor(Demo.COORD_OSLO);
        SupabaseClient mentor = stack.clientFor(Demo.MENTOR_OSLO)) {

      // one round trip for the whole dashboard, then one card refreshed alone
      AdminDataRepository nationalKpis =
          AdminDataRepository.create(AdminRlsGuard.create(national, Demo.ORG_NATIONAL));
      AdminStatDto all = nationalKpis.getKpiStats();
      all = all.withPendingReimbursementsCount(nationalKpis.getPendingReimbursementsCount());
      out.printf(
          "national: %d active users, %d activities, %d pending reimbursements, health %.2f%n",
          all.activeUserCount(),
          all.totalActivitiesCount(),
          all.pendingReimbursementsCount(),
          all.orgHealthScore());

      AdminStatDto oslo = nationalKpis.narrowedTo(Demo.ORG_OSLO).getKpiStats();
      out.printf(
          "national admin, narrowed to Oslo: %d active users, health %.2f%n",
          oslo.activeUserCount(), oslo.orgHealthScore());

      AdminDataRepository ostKpis =
          AdminDataRepository.create(AdminRlsGuard.create(ost, Demo.ORG_REGION_OST));
      AdminStatDto region = ostKpis.getKpiStats();
      out.printf(
          "region Øst: %d active users, %d activities%n",
          region.activeUserCount(), region.totalActivitiesCount());

      boolean refused = false;
      try {
        AdminDataRepository.create(AdminRlsGuard.create(ost, ORG_BLIND)).getKpiStats();
      } catch (UnauthorisedAccessException e) {
        refused = true;
        out.println("region admin asking for another organisation: refused before sending");
      }
      String serverCode = null;
      try {
        ostKpis.narrowedTo(ORG_BLIND).getActiveUserCount();
      } catch (AdminRepositoryException e) {
        serverCode = e.code().orElse("?");
        out.println(
            "region admin narrowing to another organisation: refused by the server ("
                + serverCode
                + ")");
      }

      List<Certification> expiring =
          CertificationRepository.create(coordinator).expiringWithin(Demo.ORG_OSLO, 30);
      for (Certification c : expiring) {
        out.printf(
            "Oslo: %s of %s expires %s%n",
            c.certificationType(),
            c.peerMentorId(),
            c.expiresAt().map(Object::toString).orElse("never"));
      }
      List<Certification> own =
          CertificationRepository.create(mentor).mentorCertifications(Demo.MENTOR_OSLO);
      out.printf(
          "mentor.oslo holds %d certification(s), %d renewal(s) recorded%n",
          own.size(), own.stream().mapToInt(c -> c.renewalHistory().size()).sum());
      return new Summary(all, oslo, region, refused, serverCode, expiring, own);
    }
  }

  /**
   * Starts the local stack (or uses the {@code SUPABASE_*} environment) and runs the example.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    try (LocalSupabase stack =
        System.getenv("SUPABASE_URL") != null
            ? LocalSupabase.fromEnvironment()
            : LocalSupabase.start()) {
      run(stack, System.out);
    }
  }
}
