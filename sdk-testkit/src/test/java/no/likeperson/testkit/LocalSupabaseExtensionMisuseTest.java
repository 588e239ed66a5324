package no.likeperson.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

import java.util.List;
import java.util.Map;
import no.likeperson.sdk.core.SupabaseClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Misconfigured test classes fail with a message that says what is wrong. Each fixture runs in its
 * own JUnit launcher, borrowing (not owning) this JVM's shared stack.
 */
@LocalSupabaseTest
class LocalSupabaseExtensionMisuseTest {

  static LocalSupabase shared;

  static LocalSupabaseExtension borrowed() {
    return new LocalSupabaseExtension(() -> shared, false);
  }

  static List<Throwable> failuresOf(Class<?> fixture) {
    SummaryGeneratingListener listener = new SummaryGeneratingListener();
    LauncherFactory.create().execute(request().selectors(selectClass(fixture)).build(), listener);
    return listener.getSummary().getFailures().stream()
        .map(TestExecutionSummary.Failure::getException)
        .toList();
  }

  static class BadUuidField {
    @RegisterExtension static LocalSupabaseExtension ext = borrowed();

    @AsUser("not-a-uuid")
    SupabaseClient client;

    @Test
    void test() {}
  }

  static class WrongFieldType {
    @RegisterExtension static LocalSupabaseExtension ext = borrowed();

    @AsUser(SeedUsers.COORD_OSLO)
    String token;

    @Test
    void test() {}
  }

  static class UnknownUserField {
    @RegisterExtension static LocalSupabaseExtension ext = borrowed();

    @AsUser("99999999-0000-4000-8000-000000000000")
    SupabaseClient ghost;

    @Test
    void test() {}
  }

  static class UnknownUserParameter {
    @RegisterExtension static LocalSupabaseExtension ext = borrowed();

    @Test
    void test(@AsUser("99999999-0000-4000-8000-000000000000") SupabaseClient client) {}
  }

  static class ClientParameterWithoutUser {
    @RegisterExtension static LocalSupabaseExtension ext = borrowed();

    @Test
    void test(SupabaseClient client) {}
  }

  static class Healthy {
    @RegisterExtension static LocalSupabaseExtension ext = borrowed();
    static SupabaseClient seen;

    @Test
    void test(LocalSupabase supabase, @AsUser(SeedUsers.COORD_OSLO) SupabaseClient client) {
      assertThat(supabase).isSameAs(shared);
      assertThat(client.from("activities").count(no.likeperson.sdk.core.CountMode.EXACT))
          .isPositive();
      seen = client;
    }
  }

  static LocalSupabase owned;

  static class OwnsItsStack {
    @RegisterExtension
    static LocalSupabaseExtension ext = new LocalSupabaseExtension(() -> owned, true);

    @Test
    void test(LocalSupabase supabase) {
      assertThat(supabase).isSameAs(owned);
    }
  }

  @Test
  void ownedStack_isClosedWhenTheTestRunEnds() {
    // a stack that costs nothing to start: an external-mode view of the shared one
    owned =
        LocalSupabase.builder()
            .environment(
                Map.of(
                    "SUPABASE_URL",
                    shared.apiUrl(),
                    "SUPABASE_ANON_KEY",
                    shared.anonKey(),
                    "SUPABASE_JWT_SECRET",
                    shared.jwtSecret(),
                    "SUPABASE_DB_URL",
                    Main.postgresUri(
                        shared.jdbcUrl(), shared.databaseUser(), shared.databasePassword())))
            .start();

    assertThat(failuresOf(OwnsItsStack.class)).isEmpty();

    assertThatThrownBy(() -> owned.tokenFor(no.likeperson.supabase.SeedData.COORD_OSLO))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("LocalSupabase is closed");
  }

  @Test
  void asUserWithoutUuid_failsNamingTheField() {
    assertThat(failuresOf(BadUuidField.class))
        .singleElement()
        .isInstanceOf(ExtensionConfigurationException.class)
        .extracting(Throwable::getMessage)
        .asString()
        .contains("@AsUser on", "client", "is not a UUID: 'not-a-uuid'");
  }

  @Test
  void asUserOnAFieldThatIsNotAClient_fails() {
    assertThat(failuresOf(WrongFieldType.class))
        .singleElement()
        .isInstanceOf(ExtensionConfigurationException.class)
        .extracting(Throwable::getMessage)
        .asString()
        .contains("token", "only fields of type no.likeperson.sdk.core.SupabaseClient");
  }

  @Test
  void asUserForAUserThatDoesNotExist_failsTheParameter() {
    assertThat(failuresOf(UnknownUserParameter.class))
        .singleElement()
        .isInstanceOf(ParameterResolutionException.class)
        .extracting(Throwable::getMessage)
        .asString()
        .contains("Cannot sign in as 99999999-0000-4000-8000-000000000000", "auth.users");
  }

  @Test
  void asUserFieldForAUserThatDoesNotExist_failsNamingTheField() {
    assertThat(failuresOf(UnknownUserField.class))
        .singleElement()
        .isInstanceOf(ExtensionConfigurationException.class)
        .extracting(Throwable::getMessage)
        .asString()
        .contains("ghost", "cannot sign in as 99999999-0000-4000-8000-000000000000", "auth.users");
  }

  @Test
  void clientParameterWithoutAsUser_isNotResolved() {
    assertThat(failuresOf(ClientParameterWithoutUser.class))
        .singleElement()
        .isInstanceOf(ParameterResolutionException.class);
  }

  @Test
  void borrowedStack_isNotClosedWhenTheInnerRunEnds_butInjectedClientsAre() {
    assertThat(failuresOf(Healthy.class)).isEmpty();

    assertThat(shared.tokenFor(no.likeperson.supabase.SeedData.COORD_OSLO)).isNotBlank();
    assertThat(
            shared
                .clientFor(no.likeperson.supabase.SeedData.COORD_OSLO)
                .from("activities")
                .count(no.likeperson.sdk.core.CountMode.EXACT))
        .isPositive();
    assertThatThrownBy(
            () -> Healthy.seen.from("activities").count(no.likeperson.sdk.core.CountMode.EXACT))
        .as("the parameter's client was closed when its test ended")
        .isInstanceOf(RuntimeException.class);
  }
}
