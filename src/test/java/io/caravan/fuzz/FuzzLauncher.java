// Runs one fuzz test method through the JUnit Platform outside Maven; bench/fuzz.sh calls it once per target.
package io.caravan.fuzz;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * {@code java -cp ... io.caravan.fuzz.FuzzLauncher io.caravan.fuzz.SmtpFuzzer#smtpSession}: with
 * JAZZER_FUZZ=1 in the environment Jazzer fuzzes that method (JAZZER_MAX_DURATION bounds it);
 * without it the method runs over its corpus once. Exit code 0 when nothing failed.
 */
public final class FuzzLauncher {

    private FuzzLauncher() {
    }

    public static void main(String[] args) {
        if (args.length != 1 || !args[0].contains("#")) {
            System.err.println("usage: FuzzLauncher fully.qualified.Class#method");
            System.exit(2);
        }
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectMethod(args[0] + "(byte[])"))
                // coverage for every Caravan class (Jazzer's default guess would be io.caravan.** too; said here to be sure)
                .configurationParameter("jazzer.instrument", "io.caravan.**")
                // @Timeout(10) on a fuzz test bounds each input (Jazzer makes it libFuzzer's -timeout); JUnit
                // itself would apply it to the whole fuzzing run, which is one invocation lasting minutes
                .configurationParameter("junit.jupiter.execution.timeout.mode", "disabled")
                .build();
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        launcher.execute(request, listener);
        TestExecutionSummary summary = listener.getSummary();
        summary.printTo(new java.io.PrintWriter(System.out));
        summary.printFailuresTo(new java.io.PrintWriter(System.out), 40);
        System.exit(summary.getTotalFailureCount() == 0 && summary.getTestsFoundCount() > 0 ? 0 : 1);
    }
}
