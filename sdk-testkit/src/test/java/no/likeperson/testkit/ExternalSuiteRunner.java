package no.likeperson.testkit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

import java.io.PrintWriter;
import java.util.Arrays;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Runs test classes in a fresh JVM whose environment describes an external Supabase, the way a CI
 * job with {@code SUPABASE_*} set runs a downstream suite. Used by {@link RunnableJarIT}; exits 0
 * when every test passed. Prints {@code external=<bool>} first, so the caller can tell which stack
 * the suite used.
 */
public final class ExternalSuiteRunner {

  private ExternalSuiteRunner() {}

  public static void main(String[] classNames) throws ClassNotFoundException {
    try (LocalSupabase probe = LocalSupabase.fromEnvironment()) {
      System.out.println("external=" + probe.isExternal());
      if (!probe.isExternal()) {
        System.exit(3);
      }
    }
    SummaryGeneratingListener listener = new SummaryGeneratingListener();
    var selectors =
        Arrays.stream(classNames)
            .map(
                n -> {
                  try {
                    return selectClass(Class.forName(n));
                  } catch (ClassNotFoundException e) {
                    throw new IllegalArgumentException(n, e);
                  }
                })
            .toList();
    LauncherFactory.create().execute(request().selectors(selectors).build(), listener);
    TestExecutionSummary summary = listener.getSummary();
    summary.printTo(new PrintWriter(System.out, true));
    summary.printFailuresTo(new PrintWriter(System.out, true), 30);
    System.out.println(
        "succeeded="
            + summary.getTestsSucceededCount()
            + " failed="
            + summary.getTotalFailureCount());
    System.out.flush();
    System.exit(
        summary.getTotalFailureCount() == 0 && summary.getTestsSucceededCount() > 0 ? 0 : 1);
  }
}
