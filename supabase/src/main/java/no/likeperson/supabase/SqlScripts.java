package no.likeperson.supabase;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds and reads the SQL packaged under {@code supabase/} on the classpath, from a directory (the
 * module's own build) or from inside a jar (any other module). New files are picked up by listing
 * the folder, never from a hard-coded list of names.
 */
final class SqlScripts {

  static final String ROOT = "supabase/";
  static final String MIGRATIONS = ROOT + "migrations/";
  static final String ROLLBACKS = ROOT + "rollbacks/";
  static final String LOCAL = ROOT + "local/";
  static final String SCALE = ROOT + "local/scale/";
  static final String SEED = ROOT + "seed.sql";

  /** {@code <version>_<name>.sql}, version all digits, exactly as the Supabase CLI names them. */
  private static final Pattern MIGRATION_FILE = Pattern.compile("(\\d+)_(.+)\\.sql");

  private SqlScripts() {}

  /** One migration file: its version (the sort key), name and classpath resource path. */
  record Migration(String version, String name, String resource) {
    Migration {
      Objects.requireNonNull(version, "version == null");
      Objects.requireNonNull(name, "name == null");
      Objects.requireNonNull(resource, "resource == null");
    }

    /** File name without {@code .sql}, shared with its rollback ({@code <stem>.down.sql}). */
    String stem() {
      return version + "_" + name;
    }

    String rollbackResource() {
      return ROLLBACKS + stem() + ".down.sql";
    }
  }

  /** Every migration on the classpath, in version order. */
  static List<Migration> migrations() {
    List<Migration> result = new ArrayList<>();
    for (String file : list(MIGRATIONS)) {
      Matcher m = MIGRATION_FILE.matcher(file);
      if (!m.matches()) {
        throw new IllegalStateException(
            "migration file not named <version>_<name>.sql: " + MIGRATIONS + file);
      }
      result.add(new Migration(m.group(1), m.group(2), MIGRATIONS + file));
    }
    result.sort(
        (a, b) -> {
          int byLength = Integer.compare(a.version().length(), b.version().length());
          return byLength != 0 ? byLength : a.version().compareTo(b.version());
        });
    for (int i = 1; i < result.size(); i++) {
      if (result.get(i).version().equals(result.get(i - 1).version())) {
        throw new IllegalStateException("two migrations share version " + result.get(i).version());
      }
    }
    return Collections.unmodifiableList(result);
  }

  /**
   * The bootstrap files directly in {@code supabase/local/} (not its sub-folders), in name order.
   */
  static List<String> localBootstrap() {
    return prefixed(LOCAL, list(LOCAL));
  }

  /** The scale generator files in {@code supabase/local/scale/}, in name order. */
  static List<String> scaleGenerator() {
    return prefixed(SCALE, list(SCALE));
  }

  static boolean exists(String resource) {
    return loader().getResource(resource) != null;
  }

  static String read(String resource) {
    try (InputStream in = loader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("not on the classpath: " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }

  private static List<String> prefixed(String folder, List<String> files) {
    List<String> out = new ArrayList<>(files.size());
    for (String f : files) {
      out.add(folder + f);
    }
    return out;
  }

  private static ClassLoader loader() {
    ClassLoader cl = Thread.currentThread().getContextClassLoader();
    return cl != null ? cl : SqlScripts.class.getClassLoader();
  }

  /**
   * The {@code .sql} files directly inside a classpath folder, sorted by name, merged over every
   * classpath root that has the folder (a directory and a jar may both contribute).
   */
  static List<String> list(String folder) {
    TreeSet<String> names = new TreeSet<>();
    try {
      Enumeration<URL> roots = loader().getResources(folder.substring(0, folder.length() - 1));
      while (roots.hasMoreElements()) {
        URL url = roots.nextElement();
        if ("file".equals(url.getProtocol())) {
          Path dir = Paths.get(url.toURI());
          try (Stream<Path> files = Files.list(dir)) {
            files
                .filter(Files::isRegularFile)
                .map(p -> p.getFileName().toString())
                .filter(n -> n.endsWith(".sql"))
                .forEach(names::add);
          }
        } else if ("jar".equals(url.getProtocol())) {
          URLConnection connection = url.openConnection();
          connection.setUseCaches(false);
          try (JarFile jar = ((JarURLConnection) connection).getJarFile()) {
            Enumeration<JarEntry> entries = jar.entries();
            while (entries.hasMoreElements()) {
              String entry = entries.nextElement().getName();
              if (entry.startsWith(folder) && entry.endsWith(".sql")) {
                String rest = entry.substring(folder.length());
                if (!rest.isEmpty() && rest.indexOf('/') < 0) {
                  names.add(rest);
                }
              }
            }
          }
        } else {
          throw new IllegalStateException(
              "cannot list classpath folder " + folder + " behind protocol " + url.getProtocol());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + folder, e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException("cannot list " + folder, e);
    }
    return List.copyOf(names);
  }

  /**
   * Splits a script into statements the way the Supabase CLI records them in {@code
   * supabase_migrations.schema_migrations.statements}: on top-level semicolons, respecting quotes,
   * quoted identifiers, dollar quotes and comments; empty statements dropped.
   */
  static List<String> splitStatements(String sql) {
    Objects.requireNonNull(sql, "sql == null");
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    int n = sql.length();
    int i = 0;
    while (i < n) {
      char c = sql.charAt(i);
      if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
        int end = sql.indexOf('\n', i);
        end = end < 0 ? n : end;
        current.append(sql, i, end);
        i = end;
      } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
        int depth = 1;
        int j = i + 2;
        while (j < n && depth > 0) {
          if (sql.startsWith("/*", j)) {
            depth++;
            j += 2;
          } else if (sql.startsWith("*/", j)) {
            depth--;
            j += 2;
          } else {
            j++;
          }
        }
        current.append(sql, i, j);
        i = j;
      } else if (c == '\'' || c == '"') {
        // E'...' strings take backslash escapes
        boolean escapes =
            c == '\''
                && i > 0
                && (sql.charAt(i - 1) == 'E' || sql.charAt(i - 1) == 'e')
                && (i == 1
                    || !Character.isLetterOrDigit(sql.charAt(i - 2)) && sql.charAt(i - 2) != '_');
        int j = i + 1;
        while (j < n) {
          if (escapes && sql.charAt(j) == '\\') {
            j += 2;
            continue;
          }
          if (sql.charAt(j) == c) {
            if (j + 1 < n && sql.charAt(j + 1) == c) {
              j += 2;
              continue;
            }
            break;
          }
          j++;
        }
        j = Math.min(j + 1, n);
        current.append(sql, i, j);
        i = j;
      } else if (c == '$') {
        int j = i + 1;
        while (j < n && (Character.isLetterOrDigit(sql.charAt(j)) || sql.charAt(j) == '_')) {
          j++;
        }
        if (j < n
            && sql.charAt(j) == '$'
            && (j == i + 1 || !Character.isDigit(sql.charAt(i + 1)))) {
          String tag = sql.substring(i, j + 1);
          int close = sql.indexOf(tag, j + 1);
          int end = close < 0 ? n : close + tag.length();
          current.append(sql, i, end);
          i = end;
        } else {
          current.append(c);
          i++;
        }
      } else if (c == ';') {
        addStatement(out, current);
        i++;
      } else {
        current.append(c);
        i++;
      }
    }
    addStatement(out, current);
    return List.copyOf(out);
  }

  private static void addStatement(List<String> out, StringBuilder current) {
    String s = current.toString().strip();
    current.setLength(0);
    if (!s.isEmpty() && !onlyComments(s)) {
      out.add(s);
    }
  }

  private static boolean onlyComments(String s) {
    String rest = s.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("--[^\\n]*", "");
    return rest.isBlank();
  }
}
