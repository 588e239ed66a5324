package no.likeperson.testkit;

import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import no.likeperson.supabase.ScaleOptions;
import org.jspecify.annotations.Nullable;

/**
 * The runnable jar ({@code sdk-testkit-<version>-all.jar}): serves a {@link LocalSupabase} on
 * 127.0.0.1:54321 until stopped (Ctrl-C / SIGTERM) and prints, one per line, the names {@code
 * supabase status -o env} uses, then a few seeded users with fresh tokens (valid one hour).
 *
 * <pre>
 * $ java -jar sdk-testkit/target/sdk-testkit-0.1.0-SNAPSHOT-all.jar [--port 54321] [--scale[=nhf|small]] [--aggregates]
 *     [--db-pre-request schema.function]
 * API_URL=http://127.0.0.1:54321
 * DB_URL=postgresql://postgres:postgres@localhost:40123/postgres
 * JWT_SECRET=super-secret-jwt-token-with-at-least-32-characters-long
 * ANON_KEY=eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9...
 * SERVICE_ROLE_KEY=eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9...
 * USER_1_ID=10000000-0000-4000-8000-000000000001
 * USER_1_EMAIL=...
 * USER_1_TOKEN=eyJ...
 * </pre>
 *
 * <p>Exit status 2 for bad arguments, 1 when the stack cannot start.
 */
public final class Main {

  /** How many users (ordered by id) get a token printed. */
  static final int PRINTED_USERS = 13;

  /** PostgREST's environment name of {@code db-aggregates-enabled}. */
  static final String AGGREGATES_VARIABLE = "PGRST_DB_AGGREGATES_ENABLED";

  private Main() {}

  /** Parsed command line. */
  record Options(
      int port,
      @Nullable ScaleOptions scale,
      String jwtSecret,
      boolean help,
      java.util.List<String> schemas,
      java.nio.file.@Nullable Path migrations,
      java.nio.file.@Nullable Path seed,
      boolean aggregates,
      @Nullable String preRequest) {
    Options {
      Objects.requireNonNull(jwtSecret, "jwtSecret == null");
    }

    private static String value(String name, @Nullable String value, String[] args, int next) {
      if (value != null) return value;
      if (next >= args.length) throw new IllegalArgumentException(name + " needs a value");
      return args[next];
    }

    static Options parse(String... args) {
      return parse(java.util.Map.of(), args);
    }

    /**
     * @param environment read for {@code PGRST_DB_AGGREGATES_ENABLED} (PostgREST's own name of the
     *     setting), which {@code --aggregates} overrides
     * @param args the command line
     */
    static Options parse(java.util.Map<String, String> environment, String... args) {
      String fromEnvironment = environment.get(AGGREGATES_VARIABLE);
      boolean aggregates = fromEnvironment != null && flag(AGGREGATES_VARIABLE, fromEnvironment);
      int port = LocalSupabase.DEFAULT_API_PORT;
      ScaleOptions scale = null;
      String secret = LocalSupabase.DEFAULT_JWT_SECRET;
      boolean help = false;
      java.util.List<String> schemas = java.util.List.of("public");
      java.nio.file.Path migrations = null;
      java.nio.file.Path seed = null;
      String preRequest = null; // null or "": none
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        String value = null;
        int eq = a.indexOf('=');
        String name = a;
        if (a.startsWith("--") && eq > 0) {
          name = a.substring(0, eq);
          value = a.substring(eq + 1);
        }
        switch (name) {
          case "--help", "-h" -> help = true;
          case "--port" -> {
            if (value == null) {
              if (i + 1 >= args.length) {
                throw new IllegalArgumentException("--port needs a value");
              }
              value = args[++i];
            }
            try {
              port = Integer.parseInt(value);
            } catch (NumberFormatException e) {
              throw new IllegalArgumentException("--port must be a number: " + value);
            }
            if (port < 0 || port > 65_535) {
              throw new IllegalArgumentException("--port must be in 0..65535: " + port);
            }
          }
          case "--scale" -> {
            if (value == null || value.equals("nhf")) {
              scale = ScaleOptions.nhf();
            } else if (value.equals("small")) {
              scale = ScaleOptions.small();
            } else {
              throw new IllegalArgumentException("--scale takes nhf (default) or small: " + value);
            }
          }
          case "--jwt-secret" -> {
            if (value == null) {
              if (i + 1 >= args.length) {
                throw new IllegalArgumentException("--jwt-secret needs a value");
              }
              value = args[++i];
            }
            if (value.length() < ExternalSupabase.MIN_SECRET_LENGTH) {
              throw new IllegalArgumentException(
                  "--jwt-secret must be at least "
                      + ExternalSupabase.MIN_SECRET_LENGTH
                      + " characters long");
            }
            secret = value;
          }
          case "--schemas" -> {
            boolean inline = value != null;
            value = value(name, value, args, i + 1);
            if (!inline) i++;
            java.util.List<String> list = new java.util.ArrayList<>();
            for (String x : value.split(",")) {
              if (!x.isBlank()) list.add(x.trim());
            }
            if (list.isEmpty())
              throw new IllegalArgumentException("--schemas needs at least one schema");
            schemas = java.util.List.copyOf(list);
          }
          case "--aggregates" -> aggregates = value == null || flag(name, value);
          case "--migrations", "--seed" -> {
            boolean inline = value != null;
            value = value(name, value, args, i + 1);
            if (!inline) i++;
            java.nio.file.Path path = java.nio.file.Path.of(value);
            if (name.equals("--migrations")) {
              if (!java.nio.file.Files.isDirectory(path)) {
                throw new IllegalArgumentException("--migrations is not a directory: " + value);
              }
              migrations = path;
            } else {
              if (!java.nio.file.Files.isRegularFile(path)) {
                throw new IllegalArgumentException("--seed is not a file: " + value);
              }
              seed = path;
            }
          }
          case "--db-pre-request" -> {
            boolean inline = value != null;
            value = value(name, value, args, i + 1);
            if (!inline) i++;
            preRequest = value.trim();
          }
          default -> throw new IllegalArgumentException("unknown argument: " + a);
        }
      }
      return new Options(
          port, scale, secret, help, schemas, migrations, seed, aggregates, preRequest);
    }

    private static boolean flag(String name, String value) {
      return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
        case "true", "on", "yes", "1" -> true;
        case "false", "off", "no", "0" -> false;
        default -> throw new IllegalArgumentException(name + " takes true or false: " + value);
      };
    }

    @Override
    public String toString() {
      return "Options[port="
          + port
          + ", scale="
          + scale
          + ", help="
          + help
          + ", schemas="
          + schemas
          + ", migrations="
          + migrations
          + ", seed="
          + seed
          + ", aggregates="
          + aggregates
          + ", preRequest="
          + preRequest
          + ", jwtSecret=<redacted>]";
    }
  }

  static final String USAGE =
      String.join(
          System.lineSeparator(),
          "usage: java -jar sdk-testkit-<version>-all.jar [--port N] [--scale[=nhf|small]] [--jwt-secret S]",
          "       [--schemas public,personal] [--migrations DIR] [--seed FILE] [--aggregates]",
          "       [--db-pre-request FN]",
          "  --port N        API port on 127.0.0.1 (default 54321, 0 = a free port)",
          "  --scale[=nhf]   load the NHF-sized data set (~1,400 chapters, 50,000 users, 2M activities;",
          "                  minutes to generate) instead of the seed; --scale=small for a 200-chapter set",
          "  --jwt-secret S  HS256 secret (default: Supabase's local default secret)",
          "  --schemas LIST  exposed schemas, the first is the default (default public)",
          "  --migrations D  your own migrations (*.sql in D, name order) instead of this project's",
          "  --seed FILE     your own seed instead of this project's",
          "  --aggregates[=true|false]  serve select=col.sum(),count() (PostgREST's db-aggregates-enabled; off by",
          "                  default, as on Supabase); also PGRST_DB_AGGREGATES_ENABLED=true",
          "  --db-pre-request FN  function called before every request's query, as PostgREST's",
          "                  db-pre-request (default: the database's pgrst.db_pre_request, \"\" for none)",
          "Serves until stopped (Ctrl-C). Prints API_URL, DB_URL, JWT_SECRET, ANON_KEY, SERVICE_ROLE_KEY",
          "and seeded users with tokens, one per line.");

  /**
   * Starts the stack and serves until the JVM is stopped.
   *
   * @param args see the class documentation
   */
  public static void main(String[] args) {
    Options options;
    try {
      options = Options.parse(System.getenv(), args);
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      System.err.println(USAGE);
      System.exit(2);
      return;
    }
    if (options.help()) {
      System.out.println(USAGE);
      return;
    }
    LocalSupabase.Builder builder =
        LocalSupabase.builder().port(options.port()).jwtSecret(options.jwtSecret());
    if (options.scale() != null) {
      builder.scale(options.scale());
    }
    builder.schemas(options.schemas()).aggregatesEnabled(options.aggregates());
    if (options.migrations() != null) {
      builder.migrationsFrom(options.migrations());
    }
    if (options.seed() != null) {
      builder.seedFrom(options.seed());
    }
    if (options.preRequest() != null) {
      builder.preRequest(options.preRequest().isEmpty() ? null : options.preRequest());
    }
    LocalSupabase supabase;
    try {
      supabase = builder.start();
    } catch (RuntimeException e) {
      System.err.println("error: could not start the local stack: " + e);
      e.printStackTrace(System.err);
      System.exit(1);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    supabase.close();
                  } finally {
                    stopped.countDown();
                  }
                },
                "local-supabase-shutdown"));
    printStatus(supabase, System.out);
    System.out.flush();
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static void printStatus(LocalSupabase supabase, PrintStream out) {
    out.println("API_URL=" + supabase.apiUrl());
    out.println(
        "DB_URL="
            + postgresUri(
                supabase.jdbcUrl(), supabase.databaseUser(), supabase.databasePassword()));
    out.println("JWT_SECRET=" + supabase.jwtSecret());
    out.println("ANON_KEY=" + supabase.anonKey());
    out.println("SERVICE_ROLE_KEY=" + supabase.serviceRoleKey());
    List<String[]> users = users(supabase, PRINTED_USERS);
    int n = 0;
    for (String[] u : users) {
      n++;
      out.println("USER_" + n + "_ID=" + u[0]);
      out.println("USER_" + n + "_EMAIL=" + u[1]);
      out.println("USER_" + n + "_TOKEN=" + supabase.tokenFor(UUID.fromString(u[0])));
    }
    out.println("# serving " + supabase.apiUrl() + "/rest/v1 until stopped (Ctrl-C)");
  }

  private static List<String[]> users(LocalSupabase supabase, int limit) {
    List<String[]> users = new ArrayList<>();
    try (Connection c =
            DriverManager.getConnection(
                supabase.jdbcUrl(), supabase.databaseUser(), supabase.databasePassword());
        PreparedStatement ps =
            c.prepareStatement(
                "select id::text, coalesce(email, '') from auth.users order by id limit ?")) {
      ps.setInt(1, limit);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          users.add(new String[] {rs.getString(1), rs.getString(2)});
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Could not list users: SQLSTATE " + e.getSQLState(), e);
    }
    return users;
  }

  /**
   * {@code jdbc:postgresql://host:port/db?opts} + credentials as the {@code
   * postgresql://user:pw@host:port/db} URI that {@code supabase status} prints and {@code psql} and
   * {@code SUPABASE_DB_URL} accept.
   */
  static String postgresUri(String jdbcUrl, String user, String password) {
    ExternalSupabase.Database parsed =
        ExternalSupabase.parseDatabaseUrl(withCredentials(jdbcUrl, user, password));
    String rest = parsed.jdbcUrl().substring("jdbc:postgresql://".length());
    return "postgresql://" + encode(parsed.user()) + ":" + encode(parsed.password()) + "@" + rest;
  }

  private static String withCredentials(String jdbcUrl, String user, String password) {
    // Credentials given separately take precedence over any user= / password= in the URL.
    String sep = jdbcUrl.contains("?") ? "&" : "?";
    return jdbcUrl + sep + "user=" + encode(user) + "&password=" + encode(password);
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
