package no.likeperson.sdk.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The {@code X-Client-Info} value; the version comes from a Maven-filtered resource. */
final class ClientInfo {
  /** Absolute, so the lookup survives R8/ProGuard merging or repackaging this class. */
  static final String RESOURCE = "/no/likeperson/sdk/core/sdk-version.properties";

  private ClientInfo() {}

  static String headerValue() {
    return "likeperson-sdk-java/" + version();
  }

  static String version() {
    Properties p = new Properties();
    try (InputStream in = ClientInfo.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("sdk-version.properties missing from the sdk-core jar");
      }
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String v = p.getProperty("sdk.version");
    if (v == null || v.trim().isEmpty() || v.contains("${")) {
      throw new IllegalStateException("sdk-version.properties was not filtered by the build");
    }
    return v.trim();
  }
}
