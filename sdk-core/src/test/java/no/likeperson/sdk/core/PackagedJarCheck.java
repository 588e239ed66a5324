package no.likeperson.sdk.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/**
 * Checks the packaged sdk-core jar (run by the {@code packaged-jar-check} surefire execution in the
 * {@code verify} phase, after {@code jar:jar}; the normal test phase does not include it).
 */
class PackagedJarCheck {

  private static JarFile jar() throws IOException {
    String path = System.getProperty("packagedJar");
    assertThat(path).as("system property packagedJar (set by the pom)").isNotBlank();
    return new JarFile(path);
  }

  @Test
  void manifest_namesTheAutomaticModule() throws IOException {
    try (JarFile jar = jar()) {
      assertThat(jar.getManifest().getMainAttributes().getValue("Automatic-Module-Name"))
          .isEqualTo("no.likeperson.sdk.core");
    }
  }

  @Test
  void jar_shipsTheConsumerRules_andTheFilteredVersion() throws IOException {
    try (JarFile jar = jar()) {
      ZipEntry rules = jar.getEntry("META-INF/proguard/likeperson-sdk-core.pro");
      assertThat(rules).as("R8/ProGuard consumer rules").isNotNull();
      ZipEntry version = jar.getEntry("no/likeperson/sdk/core/sdk-version.properties");
      assertThat(version).isNotNull();
      Properties p = new Properties();
      try (InputStream in = jar.getInputStream(version)) {
        p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
      }
      assertThat(p.getProperty("sdk.version")).isEqualTo(System.getProperty("project.version"));
    }
  }
}
