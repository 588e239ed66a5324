package no.likeperson.testkit;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;
import no.likeperson.sdk.core.SupabaseClient;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestInstancePostProcessor;

/**
 * The JUnit 5 extension behind {@link LocalSupabaseTest}. Keeps one {@link LocalSupabase} per JVM
 * in the root extension store (closed when the test run ends), injects it into fields and
 * parameters of type {@link LocalSupabase}, and {@code SupabaseClient}s for fields and parameters
 * annotated with {@link AsUser}.
 *
 * <pre>{@code
 * @ExtendWith(LocalSupabaseExtension.class)   // usually through @LocalSupabaseTest
 * class MyIT {
 *     static LocalSupabase supabase;           // static fields are filled before @BeforeAll
 * }
 * }</pre>
 *
 * <p>A failed start is remembered: later classes fail at once with the same cause instead of trying
 * again for minutes.
 */
public final class LocalSupabaseExtension
    implements BeforeAllCallback, TestInstancePostProcessor, ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(LocalSupabaseExtension.class);

  private final Supplier<LocalSupabase> starter;
  private final boolean owner;

  /** Used by JUnit: the stack comes from {@link LocalSupabase#fromEnvironment()}. */
  public LocalSupabaseExtension() {
    this(LocalSupabase::fromEnvironment, true);
  }

  /**
   * @param starter where the stack comes from
   * @param owner whether the stack is closed when the test run ends
   */
  LocalSupabaseExtension(Supplier<LocalSupabase> starter, boolean owner) {
    this.starter = Objects.requireNonNull(starter, "starter == null");
    this.owner = owner;
  }

  /**
   * The per-JVM stack, or the failure that prevented it. Closed by JUnit with the root store: JUnit
   * 5.13+ closes {@link AutoCloseable} values, older versions only {@code CloseableResource} ones.
   */
  @SuppressWarnings("deprecation")
  static final class SharedStack
      implements AutoCloseable, ExtensionContext.Store.CloseableResource {
    private final @Nullable LocalSupabase supabase;
    private final @Nullable RuntimeException failure;
    private final boolean owner;

    SharedStack(Supplier<LocalSupabase> starter) {
      this(starter, true);
    }

    SharedStack(Supplier<LocalSupabase> starter, boolean owner) {
      this.owner = owner;
      LocalSupabase s = null;
      RuntimeException f = null;
      try {
        s = starter.get();
      } catch (RuntimeException e) {
        f = e;
      }
      this.supabase = s;
      this.failure = f;
    }

    @SuppressWarnings("NullAway") // the starter returned a stack or threw (kept in failure)
    LocalSupabase get() {
      if (failure != null) {
        throw new ExtensionConfigurationException(
            "LocalSupabase could not be started: " + failure.getMessage(), failure);
      }
      return supabase;
    }

    @Override
    public void close() {
      if (owner && supabase != null) {
        supabase.close();
      }
    }
  }

  LocalSupabase supabase(ExtensionContext context) {
    ExtensionContext.Store store = context.getRoot().getStore(NAMESPACE);
    return store
        .getOrComputeIfAbsent(
            SharedStack.class, k -> new SharedStack(starter, owner), SharedStack.class)
        .get();
  }

  @Override
  public void beforeAll(ExtensionContext context) throws IllegalAccessException {
    LocalSupabase supabase = supabase(context);
    Class<?> testClass = context.getRequiredTestClass();
    LocalSupabaseTest settings = findSettings(testClass);
    if (settings != null && settings.resetData()) {
      supabase.resetData();
    }
    inject(testClass, null, supabase, true, context);
  }

  @Override
  public void postProcessTestInstance(Object testInstance, ExtensionContext context)
      throws IllegalAccessException {
    inject(testInstance.getClass(), testInstance, supabase(context), false, context);
  }

  /** JUnit closes the client (its retry scheduler) when {@code context} ends. */
  private static void closeWith(ExtensionContext context, SupabaseClient client) {
    context.getStore(NAMESPACE).put(new Object(), new ClosingClient(client));
  }

  /** Closes an injected client; both interfaces, so JUnit 5.10 to 6 close it exactly once. */
  @SuppressWarnings("deprecation")
  private record ClosingClient(SupabaseClient client)
      implements AutoCloseable, ExtensionContext.Store.CloseableResource {
    @Override
    public void close() {
      client.close();
    }
  }

  /**
   * The annotation of the class itself or a superclass ({@code @Inherited}); not of an enclosing
   * class, so a {@code @Nested} class does not reset the data its outer class's tests wrote.
   */
  private static LocalSupabaseTest findSettings(Class<?> testClass) {
    return testClass.getAnnotation(LocalSupabaseTest.class);
  }

  private static void inject(
      Class<?> type,
      @Nullable Object instance,
      LocalSupabase supabase,
      boolean statics,
      ExtensionContext context)
      throws IllegalAccessException {
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      for (Field f : c.getDeclaredFields()) {
        if (Modifier.isStatic(f.getModifiers()) != statics || Modifier.isFinal(f.getModifiers())) {
          continue;
        }
        Object value;
        if (f.getType() == LocalSupabase.class) {
          value = supabase;
        } else if (f.getType() == SupabaseClient.class && f.isAnnotationPresent(AsUser.class)) {
          AsUser asUser = f.getAnnotation(AsUser.class);
          SupabaseClient client;
          try {
            client = supabase.clientFor(userId(asUser, f.toString()));
          } catch (IllegalArgumentException | IllegalStateException e) {
            throw new ExtensionConfigurationException(
                "@AsUser on " + f + ": cannot sign in as " + asUser.value() + ": " + e.getMessage(),
                e);
          }
          closeWith(context, client);
          value = client;
        } else if (f.isAnnotationPresent(AsUser.class)) {
          throw new ExtensionConfigurationException(
              "@AsUser on "
                  + f
                  + ": only fields of type "
                  + SupabaseClient.class.getName()
                  + " can be injected");
        } else {
          continue;
        }
        f.setAccessible(true);
        f.set(instance, value);
      }
    }
  }

  private static UUID userId(AsUser asUser, String where) {
    try {
      return UUID.fromString(asUser.value());
    } catch (IllegalArgumentException e) {
      throw new ExtensionConfigurationException(
          "@AsUser on " + where + " is not a UUID: '" + asUser.value() + "'");
    }
  }

  @Override
  public boolean supportsParameter(
      ParameterContext parameterContext, ExtensionContext extensionContext) {
    Class<?> type = parameterContext.getParameter().getType();
    return type == LocalSupabase.class
        || (type == SupabaseClient.class && parameterContext.isAnnotated(AsUser.class));
  }

  @Override
  public Object resolveParameter(
      ParameterContext parameterContext, ExtensionContext extensionContext) {
    LocalSupabase supabase = supabase(extensionContext);
    if (parameterContext.getParameter().getType() == LocalSupabase.class) {
      return supabase;
    }
    AsUser asUser = parameterContext.findAnnotation(AsUser.class).orElseThrow();
    try {
      SupabaseClient client =
          supabase.clientFor(userId(asUser, parameterContext.getParameter().toString()));
      closeWith(extensionContext, client);
      return client;
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new ParameterResolutionException(
          "Cannot sign in as " + asUser.value() + ": " + e.getMessage(), e);
    }
  }
}
