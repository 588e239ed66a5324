package no.likeperson.supabase;

/**
 * One seeded {@link LocalDatabase} per test JVM, started on first use and stopped by embedded
 * PostgreSQL's shutdown hook. For test classes that only read the seed, or that change it inside a
 * {@link PgSession} (rolled back), so the suite starts PostgreSQL once instead of once per class. A
 * class that commits changes must use its own database or call {@link LocalDatabase#resetData()}.
 *
 * <p>With the environment variable {@code SUPABASE_DB_URL} set (the URI {@code supabase status}
 * prints, e.g. {@code postgresql://postgres:postgres@127.0.0.1:54322/postgres}), the same tests run
 * against that database instead: migrations not yet recorded are applied and the seed runs if the
 * database has no organisation. {@code SUPABASE_AUTHENTICATOR_PASSWORD} lets {@link PgSession} log
 * in as {@code authenticator}; without it, sessions use the given user and {@code SET LOCAL ROLE}.
 *
 * <pre>{@code
 * LocalDatabase db = SharedDatabase.seeded();
 * }</pre>
 */
final class SharedDatabase {

  private SharedDatabase() {}

  private static final class Holder {
    static final LocalDatabase SEEDED = start();

    private static LocalDatabase start() {
      LocalDatabase.Builder b = LocalDatabase.builder().seed(true);
      String external = System.getenv("SUPABASE_DB_URL");
      if (external != null && !external.isBlank()) {
        b.externalDatabaseUri(external.strip());
        String authenticator = System.getenv("SUPABASE_AUTHENTICATOR_PASSWORD");
        if (authenticator != null && !authenticator.isEmpty()) {
          b.externalAuthenticatorPassword(authenticator);
        }
      }
      return b.start();
    }
  }

  /** The shared database: bootstrap, every migration and the seed (or the external database). */
  static LocalDatabase seeded() {
    return Holder.SEEDED;
  }
}
