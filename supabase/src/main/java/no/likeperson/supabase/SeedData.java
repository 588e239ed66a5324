package no.likeperson.supabase;

import java.time.LocalDate;
import java.util.UUID;

/**
 * The fixed identities of {@code supabase/seed.sql}, for tests that log in as a seeded person or
 * ask about a seeded organisation.
 *
 * <p>Two unrelated organisations: Demo Handikapforbund ({@link #ORG_NATIONAL} with regions Øst and
 * Vest and chapters Oslo, Bærum, Bergen) and Demo Blindeforbund ({@link #ORG_BLIND} with chapter
 * Trondheim). {@link #MENTOR_MULTI} is peer mentor in both Oslo and Bærum. Activities and proxy
 * activities cover the calendar year {@link #ACTIVITY_YEAR_START} .. {@link #ACTIVITY_YEAR_END}.
 *
 * <pre>{@code
 * try (PgSession s = PgSession.user(db, SeedData.COORD_OSLO)) {
 *   long n = s.count("select count(*) from public.activities where org_id = ?", SeedData.ORG_OSLO);
 * }
 * }</pre>
 */
public final class SeedData {

  /** Demo Handikapforbund, national root (level 0). */
  public static final UUID ORG_NATIONAL = UUID.fromString("a0000000-0000-4000-8000-000000000001");

  /** Region Øst (level 1) under {@link #ORG_NATIONAL}. */
  public static final UUID ORG_REGION_OST = UUID.fromString("a0000000-0000-4000-8000-000000000011");

  /** Region Vest (level 1) under {@link #ORG_NATIONAL}. */
  public static final UUID ORG_REGION_VEST =
      UUID.fromString("a0000000-0000-4000-8000-000000000012");

  /** Oslo lokallag (level 2) under {@link #ORG_REGION_OST}. */
  public static final UUID ORG_OSLO = UUID.fromString("a0000000-0000-4000-8000-000000000111");

  /** Bærum lokallag (level 2) under {@link #ORG_REGION_OST}. */
  public static final UUID ORG_BAERUM = UUID.fromString("a0000000-0000-4000-8000-000000000112");

  /** Bergen lokallag (level 2) under {@link #ORG_REGION_VEST}. */
  public static final UUID ORG_BERGEN = UUID.fromString("a0000000-0000-4000-8000-000000000121");

  /** Demo Blindeforbund, an unrelated national root (level 0). */
  public static final UUID ORG_BLIND = UUID.fromString("b0000000-0000-4000-8000-000000000001");

  /** Trondheim lokallag (level 1) under {@link #ORG_BLIND}. */
  public static final UUID ORG_TRONDHEIM = UUID.fromString("b0000000-0000-4000-8000-000000000011");

  /** admin.national: org_admin of {@link #ORG_NATIONAL} (its whole subtree). */
  public static final UUID ADMIN_NATIONAL = UUID.fromString("10000000-0000-4000-8000-000000000001");

  /** admin.ost: org_admin of {@link #ORG_REGION_OST} only (Øst, Oslo, Bærum). */
  public static final UUID ADMIN_OST = UUID.fromString("10000000-0000-4000-8000-000000000002");

  /** admin.blind: org_admin of {@link #ORG_BLIND}. */
  public static final UUID ADMIN_BLIND = UUID.fromString("10000000-0000-4000-8000-000000000003");

  /** coord.oslo: coordinator of {@link #ORG_OSLO}. */
  public static final UUID COORD_OSLO = UUID.fromString("20000000-0000-4000-8000-000000000001");

  /** coord.baerum: coordinator of {@link #ORG_BAERUM}. */
  public static final UUID COORD_BAERUM = UUID.fromString("20000000-0000-4000-8000-000000000002");

  /** coord.bergen: coordinator of {@link #ORG_BERGEN}. */
  public static final UUID COORD_BERGEN = UUID.fromString("20000000-0000-4000-8000-000000000003");

  /** coord.trondheim: coordinator of {@link #ORG_TRONDHEIM}. */
  public static final UUID COORD_TRONDHEIM =
      UUID.fromString("20000000-0000-4000-8000-000000000004");

  /** mentor.oslo: peer mentor of {@link #ORG_OSLO}. */
  public static final UUID MENTOR_OSLO = UUID.fromString("30000000-0000-4000-8000-000000000001");

  /** mentor.multi: peer mentor of both {@link #ORG_OSLO} (primary) and {@link #ORG_BAERUM}. */
  public static final UUID MENTOR_MULTI = UUID.fromString("30000000-0000-4000-8000-000000000002");

  /** mentor.baerum: peer mentor of {@link #ORG_BAERUM}. */
  public static final UUID MENTOR_BAERUM = UUID.fromString("30000000-0000-4000-8000-000000000003");

  /** mentor.bergen: peer mentor of {@link #ORG_BERGEN}. */
  public static final UUID MENTOR_BERGEN = UUID.fromString("30000000-0000-4000-8000-000000000004");

  /** mentor.trondheim: peer mentor of {@link #ORG_TRONDHEIM}. */
  public static final UUID MENTOR_TRONDHEIM =
      UUID.fromString("30000000-0000-4000-8000-000000000005");

  /**
   * mentor.inactive: peer mentor of {@link #ORG_OSLO} with status inactive (activities Jan-Mar
   * only).
   */
  public static final UUID MENTOR_INACTIVE =
      UUID.fromString("30000000-0000-4000-8000-000000000006");

  /** Activity type "samtale" of Demo Handikapforbund. */
  public static final UUID TYPE_SAMTALE = UUID.fromString("d0000000-0000-4000-8000-000000000001");

  /** Activity type "aktivitetsgruppe" of Demo Handikapforbund. */
  public static final UUID TYPE_AKTIVITETSGRUPPE =
      UUID.fromString("d0000000-0000-4000-8000-000000000002");

  /** Activity type "kurs" of Demo Handikapforbund. */
  public static final UUID TYPE_KURS = UUID.fromString("d0000000-0000-4000-8000-000000000003");

  /** Activity type "samtale" of Demo Blindeforbund. */
  public static final UUID TYPE_BLIND_SAMTALE =
      UUID.fromString("d0000000-0000-4000-8000-000000000011");

  /** Activity type "kurs" of Demo Blindeforbund. */
  public static final UUID TYPE_BLIND_KURS =
      UUID.fromString("d0000000-0000-4000-8000-000000000012");

  /** Recurring template of coord.oslo for mentor.oslo. */
  public static final UUID TEMPLATE_OSLO = UUID.fromString("e0000000-0000-4000-8000-000000000001");

  /** Recurring template of coord.trondheim for mentor.trondheim. */
  public static final UUID TEMPLATE_TRONDHEIM =
      UUID.fromString("e0000000-0000-4000-8000-000000000002");

  /** Active certification of mentor.oslo (Oslo), with one renewal_history entry. */
  public static final UUID CERT_OSLO_ACTIVE =
      UUID.fromString("ce000000-0000-4000-8000-000000000001");

  /** Certification of mentor.multi (Oslo) expiring within 30 days. */
  public static final UUID CERT_MULTI_EXPIRING =
      UUID.fromString("ce000000-0000-4000-8000-000000000002");

  /** Expired certification of mentor.baerum (Bærum). */
  public static final UUID CERT_BAERUM_EXPIRED =
      UUID.fromString("ce000000-0000-4000-8000-000000000003");

  /** Active certification of mentor.bergen (Bergen). */
  public static final UUID CERT_BERGEN_ACTIVE =
      UUID.fromString("ce000000-0000-4000-8000-000000000004");

  /** Certification of mentor.trondheim (Trondheim) expiring within 30 days. */
  public static final UUID CERT_TRONDHEIM_EXPIRING =
      UUID.fromString("ce000000-0000-4000-8000-000000000005");

  /** Suspended certification of mentor.inactive (Oslo). */
  public static final UUID CERT_INACTIVE_SUSPENDED =
      UUID.fromString("ce000000-0000-4000-8000-000000000006");

  /** Expired second certification of mentor.trondheim (Trondheim). */
  public static final UUID CERT_TRONDHEIM_EXPIRED =
      UUID.fromString("ce000000-0000-4000-8000-000000000007");

  /** A pending reimbursement of mentor.oslo (Oslo). */
  public static final UUID REIMBURSEMENT_OSLO_PENDING =
      UUID.fromString("f0000000-0000-4000-8000-000000000001");

  /** A pending reimbursement of mentor.trondheim (Trondheim). */
  public static final UUID REIMBURSEMENT_TRONDHEIM_PENDING =
      UUID.fromString("f0000000-0000-4000-8000-000000000011");

  /** First day of the seeded activity period (inclusive). */
  public static final LocalDate ACTIVITY_YEAR_START = LocalDate.of(2026, 1, 1);

  /** Last day of the seeded activity period (inclusive). */
  public static final LocalDate ACTIVITY_YEAR_END = LocalDate.of(2026, 12, 31);

  private SeedData() {
    throw new AssertionError("no instances");
  }

  /**
   * The e-mail address of a seeded person: {@code <short name>@example.test}, e.g. {@code
   * coord.oslo@example.test}.
   *
   * @param shortName the short name, e.g. {@code "coord.oslo"}
   * @return the e-mail address
   * @throws NullPointerException if {@code shortName} is null
   */
  public static String email(String shortName) {
    java.util.Objects.requireNonNull(shortName, "shortName == null");
    return shortName + "@example.test";
  }
}
