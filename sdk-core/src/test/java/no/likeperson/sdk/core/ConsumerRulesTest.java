package no.likeperson.sdk.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The R8/ProGuard consumer rules ship where the Android Gradle Plugin picks them up ({@code
 * META-INF/proguard/} of the jar) and keep what Jackson binds by reflection.
 */
class ConsumerRulesTest {

  private static String rules() throws IOException {
    try (InputStream in =
        ConsumerRulesTest.class.getResourceAsStream("/META-INF/proguard/likeperson-sdk-core.pro")) {
      assertThat(in).as("consumer rules on the classpath under META-INF/proguard/").isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void consumerRules_keepRecordsJacksonMembersEnumsAndErrorNames() throws IOException {
    String rules = rules();
    assertThat(rules)
        .contains("-keepattributes Signature")
        .contains("RuntimeVisibleAnnotations")
        .contains("-keep class no.likeperson.sdk.** extends java.lang.Record { *; }")
        .contains("@com.fasterxml.jackson.annotation.* <fields>;")
        .contains("-keepclassmembers enum no.likeperson.sdk.**")
        .contains("-keepnames class no.likeperson.sdk.core.error.** { *; }");
  }

  @Test
  void consumerRules_keepTheVersionResourceThatXClientInfoReads() throws IOException {
    String dir = ClientInfo.RESOURCE.substring(1, ClientInfo.RESOURCE.lastIndexOf('/'));
    assertThat(rules()).contains("-keepdirectories " + dir);
    assertThat(ClientInfo.class.getResource(ClientInfo.RESOURCE)).isNotNull();
  }
}
