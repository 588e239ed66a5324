package no.likeperson.sdk.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.AnnotatedType;
import java.util.List;
import no.likeperson.sdk.core.error.AuthException;
import no.likeperson.sdk.core.error.SupabaseServiceException;
import no.likeperson.sdk.core.event.ChangeEvents;
import org.jspecify.annotations.NullMarked;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * The nullness annotations reach callers: they are in the class files (runtime-visible, which is
 * what Kotlin and IDEs read), so a Kotlin caller sees {@code String?} for {@code code()} and {@code
 * String} for {@code select(...)} instead of platform types.
 */
class NullnessAnnotationsTest {

  @Test
  void everyPackage_isNullMarked() {
    for (Class<?> type :
        List.of(SupabaseClient.class, SupabaseServiceException.class, ChangeEvents.class)) {
      assertThat(type.getPackage().isAnnotationPresent(NullMarked.class))
          .as(type.getPackageName())
          .isTrue();
    }
  }

  @Test
  void nullableResults_areAnnotated() throws Exception {
    assertThat(nullable(SupabaseServiceException.class.getMethod("code").getAnnotatedReturnType()))
        .isTrue();
    assertThat(nullable(SupabaseServiceException.class.getMethod("hint").getAnnotatedReturnType()))
        .isTrue();
    assertThat(nullable(Session.class.getMethod("userId").getAnnotatedReturnType())).isTrue();
    assertThat(
            nullable(AccessTokenProvider.class.getMethod("accessToken").getAnnotatedReturnType()))
        .isTrue();
  }

  @Test
  void nullableParameters_areAnnotated_andTheOthersAreNot() throws Exception {
    var rpc = SupabaseClient.class.getMethod("rpc", String.class, Object.class);
    assertThat(nullable(rpc.getAnnotatedParameterTypes()[0])).isFalse();
    assertThat(nullable(rpc.getAnnotatedParameterTypes()[1])).isTrue();
    var of =
        AuthException.class.getMethod("of", int.class, String.class, String.class, String.class);
    assertThat(nullable(of.getAnnotatedParameterTypes()[1])).isTrue();
    assertThat(
            nullable(TableQuery.class.getMethod("select", String.class).getAnnotatedReturnType()))
        .isFalse();
  }

  private static boolean nullable(AnnotatedType t) {
    return t.isAnnotationPresent(Nullable.class);
  }
}
