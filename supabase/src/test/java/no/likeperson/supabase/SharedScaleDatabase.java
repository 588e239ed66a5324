package no.likeperson.supabase;

/**
 * One database per test JVM with the seed plus generated scale data, for plan tests and for checking
 * the RPCs against an independent computation on many rows. {@link ScaleOptions#small()} by default;
 * {@code -Dnhf=true} switches to {@link ScaleOptions#nhf()} (minutes to generate; see
 * docs/database.md). Started on first use, stopped by embedded PostgreSQL's shutdown hook. Tests must
 * not commit changes to it.
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
    static final LocalDatabase DB = LocalDatabase.builder().seed(true).scale(options()).start();
    static final double SECONDS = (System.nanoTime() - STARTED) / 1e9;
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
