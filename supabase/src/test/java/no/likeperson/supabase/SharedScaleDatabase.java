package no.likeperson.supabase;

/**
 * One database per test JVM with the seed plus generated scale data, for plan tests and for
 * checking the RPCs against an independent computation on many rows. {@link ScaleOptions#small()}
 * by default; {@code -Dnhf=true} switches to {@link ScaleOptions#nhf()} (minutes to generate; see
 * docs/database.md). Started on first use, stopped by embedded PostgreSQL's shutdown hook. Tests
 * must not commit changes to it.
 *
 * <pre>{@code
 * LocalDatabase db = SharedScaleDatabase.get();
 * }</pre>
 */
final class SharedScaleDatabase {

  private SharedScaleDatabase() {}

  /** The options in use: NHF-sized with {@code -Dnhf=true}, else small. */
  static ScaleOptions options() {
    return Boolean.getBoolean("nhf") ? ScaleOptions.nhf() : ScaleOptions.small();
  }

  private static final class Holder {
    static final long STARTED = System.nanoTime();
    static final LocalDatabase DB =
        vacuumed(LocalDatabase.builder().seed(true).scale(options()).start());
    static final double SECONDS = (System.nanoTime() - STARTED) / 1e9;
  }

  /**
   * VACUUM after the bulk load, as autovacuum would have done long before anyone queries a
   * production database: sets hint bits and the visibility map, without which every Index Only Scan
   * fetches heap pages and the first readers pay for writing hint bits (NHF national Bufdir year:
   * 4.0 s -> see docs/database.md).
   */
  private static LocalDatabase vacuumed(LocalDatabase db) {
    try (java.sql.Connection c = db.dataSource().getConnection();
        java.sql.Statement st = c.createStatement()) {
      c.setAutoCommit(true);
      st.execute(
          "vacuum (analyze) public.activities, public.proxy_activities, public.proxy_audit_log,"
              + " public.org_memberships, public.users, public.reimbursements, public.peer_mentor_certifications,"
              + " public.organisation_closure, public.org_monthly_activity_counts");
      return db;
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException("vacuum after scale generation failed", e);
    }
  }

  static LocalDatabase get() {
    return Holder.DB;
  }

  /** Wall-clock seconds the start took (bootstrap, migrations, seed, generator, ANALYZE). */
  static double startSeconds() {
    get();
    return Holder.SECONDS;
  }
}
