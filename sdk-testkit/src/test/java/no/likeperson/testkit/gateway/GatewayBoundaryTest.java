package no.likeperson.testkit.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The gateway is the testkit's engine, not its API: only the types {@code LocalSupabase} needs
 * across the package boundary are public, and the package never refers to {@code
 * no.likeperson.testkit} (the dependency is one-way). Checked on the compiled classes, so a new
 * public type or a reference back into the API package fails the build.
 */
class GatewayBoundaryTest {
  private static final String PACKAGE = "no/likeperson/testkit/";
  private static final String GATEWAY = PACKAGE + "gateway/";

  private static List<Path> classFiles() throws IOException, URISyntaxException {
    Path root =
        Path.of(PostgrestGateway.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    try (Stream<Path> files = Files.list(root.resolve(GATEWAY))) {
      return files.filter(f -> f.toString().endsWith(".class")).sorted().toList();
    }
  }

  private static String binaryName(Path classFile) {
    String file = classFile.getFileName().toString();
    return GATEWAY.replace('/', '.') + file.substring(0, file.length() - ".class".length());
  }

  @Test
  void onlyTheTypesLocalSupabaseNeeds_arePublic() throws Exception {
    Set<String> publicTypes = new TreeSet<>();
    List<Path> files = classFiles();
    for (Path f : files) {
      Class<?> c = Class.forName(binaryName(f), false, getClass().getClassLoader());
      boolean reachable =
          Modifier.isPublic(c.getModifiers())
              && (c.getEnclosingClass() == null
                  || Modifier.isPublic(c.getEnclosingClass().getModifiers()));
      if (reachable && !c.isSynthetic() && !c.isAnonymousClass()) publicTypes.add(c.getName());
    }
    assertThat(files)
        .hasSizeGreaterThan(20); // the engine is there, so this cannot pass on an empty folder
    assertThat(publicTypes)
        .containsExactly(
            "no.likeperson.testkit.gateway.AuthUsers",
            "no.likeperson.testkit.gateway.GatewayConfig",
            "no.likeperson.testkit.gateway.GatewayConfig$Builder",
            "no.likeperson.testkit.gateway.PostgrestGateway");
  }

  @Test
  void theGatewayNeverRefersToTheApiPackage() throws Exception {
    List<String> references = new ArrayList<>();
    for (Path f : classFiles()) {
      // class names in the constant pool are modified UTF-8, which is ASCII for these names
      String pool = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
      for (int i = pool.indexOf(PACKAGE); i >= 0; i = pool.indexOf(PACKAGE, i + 1)) {
        if (!pool.startsWith(GATEWAY, i)) {
          int end = i + PACKAGE.length();
          while (end < pool.length() && Character.isJavaIdentifierPart(pool.charAt(end))) end++;
          references.add(f.getFileName() + " -> " + pool.substring(i, end));
        }
      }
    }
    assertThat(references).isEmpty();
  }
}
