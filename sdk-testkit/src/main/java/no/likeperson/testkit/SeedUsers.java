package no.likeperson.testkit;

/**
 * The seed's users by name, as compile-time constants for {@link AsUser} (ids) and for signing in
 * at the local {@code /auth/v1} (emails, with {@link LocalSupabase#SEED_USER_PASSWORD}). Mirrors
 * {@code supabase/seed.sql} and {@code no.likeperson.supabase.SeedData}, which holds the same ids
 * as {@code UUID}s.
 *
 * <pre>{@code
 * @Test
 * void coordinatorSeesItsChapter(@AsUser(SeedUsers.COORD_OSLO) SupabaseClient coordinator) { ... }
 *
 * auth.signInWithPassword(SeedUsers.COORD_OSLO_EMAIL, LocalSupabase.SEED_USER_PASSWORD);
 * }</pre>
 */
public final class SeedUsers {

  private SeedUsers() {}

  /** org_admin of Demo Handikapforbund (national root). */
  public static final String ADMIN_NATIONAL = "10000000-0000-4000-8000-000000000001";

  /** org_admin of Region Øst. */
  public static final String ADMIN_OST = "10000000-0000-4000-8000-000000000002";

  /** org_admin of the unrelated Demo Blindeforbund. */
  public static final String ADMIN_BLIND = "10000000-0000-4000-8000-000000000003";

  /** Coordinator of Oslo lokallag. */
  public static final String COORD_OSLO = "20000000-0000-4000-8000-000000000001";

  /** Coordinator of Bærum lokallag. */
  public static final String COORD_BAERUM = "20000000-0000-4000-8000-000000000002";

  /** Coordinator of Bergen lokallag. */
  public static final String COORD_BERGEN = "20000000-0000-4000-8000-000000000003";

  /** Coordinator of Trondheim lokallag (Demo Blindeforbund). */
  public static final String COORD_TRONDHEIM = "20000000-0000-4000-8000-000000000004";

  /** Peer mentor in Oslo. */
  public static final String MENTOR_OSLO = "30000000-0000-4000-8000-000000000001";

  /** Peer mentor in two chapters (Oslo and Bærum): counted once. */
  public static final String MENTOR_MULTI = "30000000-0000-4000-8000-000000000002";

  /** Peer mentor in Bærum. */
  public static final String MENTOR_BAERUM = "30000000-0000-4000-8000-000000000003";

  /** Peer mentor in Bergen. */
  public static final String MENTOR_BERGEN = "30000000-0000-4000-8000-000000000004";

  /** Peer mentor in Trondheim (Demo Blindeforbund). */
  public static final String MENTOR_TRONDHEIM = "30000000-0000-4000-8000-000000000005";

  /** Inactive peer mentor in Oslo (activities until March). */
  public static final String MENTOR_INACTIVE = "30000000-0000-4000-8000-000000000006";

  /** Email of {@link #ADMIN_NATIONAL}. */
  public static final String ADMIN_NATIONAL_EMAIL = "admin.national@example.test";

  /** Email of {@link #ADMIN_OST}. */
  public static final String ADMIN_OST_EMAIL = "admin.ost@example.test";

  /** Email of {@link #ADMIN_BLIND}. */
  public static final String ADMIN_BLIND_EMAIL = "admin.blind@example.test";

  /** Email of {@link #COORD_OSLO}. */
  public static final String COORD_OSLO_EMAIL = "coord.oslo@example.test";

  /** Email of {@link #COORD_TRONDHEIM}. */
  public static final String COORD_TRONDHEIM_EMAIL = "coord.trondheim@example.test";

  /** Email of {@link #MENTOR_OSLO}. */
  public static final String MENTOR_OSLO_EMAIL = "mentor.oslo@example.test";

  /** Email of {@link #MENTOR_MULTI}. */
  public static final String MENTOR_MULTI_EMAIL = "mentor.multi@example.test";
}
