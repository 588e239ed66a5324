package no.likeperson.supabase;

/**
 * Size of a generated data set for performance and plan tests.
 *
 * <p>The generator lives in {@code supabase/local/scale/} and is invoked as {@code select
 * app_scale.generate(chapters, users, activities, years, seed)}; it is deterministic for a given
 * set of options (same {@code seed} gives the same rows). It builds a 5-level organisation tree
 * (national, region, county, district, chapter), users with memberships (some in two chapters),
 * activities spread over {@code years} years ending on 2026-12-31, and proportional proxy
 * activities, reimbursements and certifications.
 *
 * <pre>{@code
 * LocalDatabase db = LocalDatabase.builder()
 *     .seed(false)
 *     .scale(ScaleOptions.small())
 *     .start();
 * }</pre>
 *
 * @param chapters number of leaf chapters (level 4) in the generated tree, at least 1
 * @param users number of users (peer mentors, coordinators, admins), at least 10
 * @param activities number of direct activities, at least 0
 * @param years number of calendar years the activities span, 1..10
 * @param seed seed of the pseudo-random generator, so runs are reproducible
 */
public record ScaleOptions(int chapters, int users, int activities, int years, long seed) {

  /**
   * Validates the options.
   *
   * @throws IllegalArgumentException if a value is outside the documented range
   */
  public ScaleOptions {
    if (chapters < 1) {
      throw new IllegalArgumentException("chapters must be >= 1: " + chapters);
    }
    if (users < 10) {
      throw new IllegalArgumentException("users must be >= 10: " + users);
    }
    if (activities < 0) {
      throw new IllegalArgumentException("activities must be >= 0: " + activities);
    }
    if (years < 1 || years > 10) {
      throw new IllegalArgumentException("years must be in 1..10: " + years);
    }
  }

  /**
   * The size of the largest organisation (NHF): about 1,400 chapters in a 5-level tree, 50,000
   * users and 2,000,000 activities over 3 years. Takes minutes to generate on 2 cores.
   *
   * @return the NHF-sized options
   */
  public static ScaleOptions nhf() {
    return new ScaleOptions(1_400, 50_000, 2_000_000, 3, 42L);
  }

  /**
   * A data set large enough that the planner chooses the same plans as on the NHF-sized set (index
   * scans on the activity tables instead of sequential scans), generated in well under a minute.
   *
   * @return the small options
   */
  public static ScaleOptions small() {
    return new ScaleOptions(200, 5_000, 200_000, 3, 42L);
  }
}
