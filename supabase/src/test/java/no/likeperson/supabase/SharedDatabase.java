package no.likeperson.supabase;

/**
 * One seeded {@link LocalDatabase} per test JVM, started on first use and stopped by embedded
 * PostgreSQL's shutdown hook. For test classes that only read the seed, or that change it inside a
 * {@link PgSession} (rolled back), so the suite starts PostgreSQL once instead of once per class.
 * A class that commits changes must use its own database or call {@link LocalDatabase#resetData()}.
 *
 * <pre>{@code
 * LocalDatabase db = SharedDatabase.seeded();
 * }</pre>
 */
final class SharedDatabase {

  private SharedDatabase() {}

  private static final class Holder {
    static final LocalDatabase SEEDED = LocalDatabase.builder().seed(true).start();
  }

  /** The shared database: bootstrap, every migration and the seed. */
  static LocalDatabase seeded() {
    return Holder.SEEDED;
  }
}
