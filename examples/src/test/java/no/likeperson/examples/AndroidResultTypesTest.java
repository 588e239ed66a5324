package no.likeperson.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.File;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Jackson cannot see a desugared record's components on Android below API 34
 * (jackson-databind#4166), so every public record of the SDK modules ({@code no.likeperson.sdk.*}
 * except {@code internal}, and except {@code event}: change events are published in-process and
 * never read from JSON) on this module's classpath, and every public class with a
 * {@code @JsonCreator}, must have an explicit {@code @JsonCreator} constructor (or static factory)
 * whose every parameter is named with {@code @JsonProperty}; records only written as JSON need a
 * name on every component instead, and records never read from JSON are listed in {@link
 * #NEVER_READ} with the reason. The classes are found by walking the classpath (directories and
 * jars), so a result type added to any SDK module that this module depends on is checked without
 * being listed here.
 */
class AndroidResultTypesTest {

  /**
   * Records the SDK builds in memory (from a package-private wire type, or as cache keys and
   * values) and never reads from JSON: no creator needed.
   */
  static final Set<String> NEVER_READ =
      Set.of(
          "no.likeperson.sdk.stats.CachedStats",
          "no.likeperson.sdk.stats.StatsQuery",
          "no.likeperson.sdk.stats.StatsRow");

  /**
   * Records the SDK only writes as JSON (request bodies): every component needs a
   * {@code @JsonProperty} name instead, which Jackson finds on the accessor without record support.
   */
  static final Set<String> WRITE_ONLY =
      Set.of(
          "no.likeperson.sdk.bufdir.NewProxyActivity",
          "no.likeperson.sdk.bufdir.ProxyActivityUpdate");

  /** Why a type breaks the rule, or null when it keeps it. */
  static String violation(Class<?> type) {
    boolean isRecord =
        type.getSuperclass() != null && type.getSuperclass().getName().equals("java.lang.Record");
    if (NEVER_READ.contains(type.getName())) {
      return null;
    }
    if (WRITE_ONLY.contains(type.getName())) {
      for (java.lang.reflect.RecordComponent c : type.getRecordComponents()) {
        if (c.getAccessor().getAnnotation(JsonProperty.class) == null) {
          return "written record component " + c.getName() + " without a @JsonProperty name";
        }
      }
      return null;
    }
    java.lang.reflect.Executable creator = null;
    for (Constructor<?> c : type.getDeclaredConstructors()) {
      if (c.isAnnotationPresent(JsonCreator.class)) {
        creator = c;
      }
    }
    // a static factory works on Android as well as a constructor: Jackson calls it by its named
    // parameters
    for (java.lang.reflect.Method m : type.getDeclaredMethods()) {
      if (Modifier.isStatic(m.getModifiers())
          && m.isAnnotationPresent(JsonCreator.class)
          && m.getReturnType() == type) {
        creator = m;
      }
    }
    if (creator == null) {
      return isRecord ? "record without a @JsonCreator constructor" : null;
    }
    if (creator instanceof java.lang.reflect.Method) {
      if (creator.getParameterCount() == 1
          && creator.getParameters()[0].getAnnotation(JsonProperty.class) == null) {
        return null; // a delegating creator (an enum's fromWire(String)): no property names
        // involved
      }
      for (Parameter p : creator.getParameters()) {
        JsonProperty name = p.getAnnotation(JsonProperty.class);
        if (name == null || name.value().isEmpty()) {
          return "@JsonCreator parameter " + p.getName() + " without a @JsonProperty name";
        }
      }
      return null;
    }
    for (Parameter p : creator.getParameters()) {
      JsonProperty name = p.getAnnotation(JsonProperty.class);
      if (name == null || name.value().isEmpty()) {
        return "@JsonCreator parameter " + p.getName() + " without a @JsonProperty name";
      }
    }
    if (isRecord && creator.getParameterCount() != type.getRecordComponents().length) {
      return "@JsonCreator constructor does not take every component";
    }
    return null;
  }

  static List<Class<?>> publicSdkTypes() throws IOException, ClassNotFoundException {
    TreeSet<String> names = new TreeSet<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path p = Path.of(entry);
      if (Files.isDirectory(p)) {
        Path root = p.resolve("no/likeperson/sdk");
        if (Files.isDirectory(root)) {
          try (Stream<Path> files = Files.walk(root)) {
            files
                .map(f -> p.relativize(f).toString().replace(File.separatorChar, '/'))
                .forEach(n -> add(names, n));
          }
        }
      } else if (entry.endsWith(".jar") && Files.isRegularFile(p)) {
        try (JarFile jar = new JarFile(p.toFile())) {
          for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
            add(names, e.nextElement().getName());
          }
        }
      }
    }
    List<Class<?>> out = new ArrayList<>();
    for (String n : names) {
      Class<?> c = Class.forName(n, false, AndroidResultTypesTest.class.getClassLoader());
      if (Modifier.isPublic(c.getModifiers())) {
        out.add(c);
      }
    }
    return out;
  }

  private static void add(TreeSet<String> names, String path) {
    if (path.startsWith("no/likeperson/sdk/")
        && path.endsWith(".class")
        && !path.contains("/internal/")
        && !path.startsWith("no/likeperson/sdk/core/event/")
        && !path.contains("$")
        && !path.endsWith("package-info.class")
        && !path.endsWith("module-info.class")) {
      names.add(path.substring(0, path.length() - ".class".length()).replace('/', '.'));
    }
  }

  @Test
  void everyPublicRecordOfTheSdk_hasAnAndroidSafeJsonCreator() throws Exception {
    List<Class<?>> types = publicSdkTypes();
    // the walk found the SDK at all (a check that sees nothing would pass for nothing)
    assertThat(types)
        .extracting(Class::getName)
        .contains(
            "no.likeperson.sdk.core.SupabaseClient",
            "no.likeperson.sdk.core.Page",
            "no.likeperson.sdk.core.Session");
    List<String> broken = new ArrayList<>();
    for (Class<?> t : types) {
      String v = violation(t);
      if (v != null) {
        broken.add(t.getName() + ": " + v);
      }
    }
    assertThat(broken).as("public SDK types Jackson cannot build on Android < 34").isEmpty();
  }

  // ---- the check itself can fail ----

  public record Plain(String orgId) {}

  public record Annotated(String orgId, int n) {
    @JsonCreator
    public Annotated(@JsonProperty("org_id") String orgId, @JsonProperty("n") int n) {
      this.orgId = orgId;
      this.n = n;
    }
  }

  public record HalfNamed(String orgId, int n) {
    @JsonCreator
    public HalfNamed(@JsonProperty("org_id") String orgId, int n) {
      this.orgId = orgId;
      this.n = n;
    }
  }

  public record Factory(String orgId) {
    @JsonCreator
    static Factory fromJson(@JsonProperty("org_id") String orgId) {
      return new Factory(orgId);
    }
  }

  @Test
  void violation_findsRecordsWithoutCreatorOrNames() {
    assertThat(violation(Factory.class)).isNull();
    assertThat(violation(Plain.class)).isEqualTo("record without a @JsonCreator constructor");
    assertThat(violation(HalfNamed.class)).startsWith("@JsonCreator parameter");
    assertThat(violation(Annotated.class)).isNull();
    assertThat(violation(String.class)).isNull();
  }
}
