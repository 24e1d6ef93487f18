// Runs a list of checks, in order, within one overall deadline: the run always ends, with what was found so far.
package io.caravan.diagnostics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Each network step has its own timeout; the deadline is the backstop for the sum. The checks run on
 * their own thread, so a step stuck past the deadline (a read the timeouts failed to bound) cannot
 * hold the caller: the report is made at the deadline with a failure saying which step did not end,
 * and the thread is interrupted and left to its own timeouts.
 */
public final class Diagnosis {

    /** A check and the section its findings are shown under. */
    public record Step(String section, String name, DiagnosticCheck check) {
    }

    private final List<Step> steps = new ArrayList<>();

    public Diagnosis add(String section, String name, DiagnosticCheck check) {
        steps.add(new Step(section, name, check));
        return this;
    }

    public Report run(String target, Duration deadline) {
        Findings findings = new Findings();
        String[] current = {""};
        Thread worker = new Thread(() -> {
            for (Step step : steps) {
                synchronized (current) {
                    current[0] = step.section() + ": " + step.name();
                }
                findings.section(step.section());
                try {
                    step.check().run(findings);
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    findings.failure(step.name(), "The check itself failed; the other checks still ran.",
                            e.getClass().getSimpleName() + ": " + e.getMessage(), "Report this as a bug in Caravan, with the evidence.");
                }
            }
        }, "caravan-diagnose");
        worker.setDaemon(true);
        worker.start();
        try {
            worker.join(Math.max(1, deadline.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (worker.isAlive()) {
            worker.interrupt();
            String step;
            synchronized (current) {
                step = current[0];
            }
            findings.section(step.contains(":") ? step.substring(0, step.indexOf(':')) : "");
            findings.failure("deadline", "The run did not finish within " + seconds(deadline) + "; the remaining checks were skipped.",
                    "still running: " + step, "Raise caravan.diagnostics.deadline, or look at the step named here: it is waiting on the network.");
        }
        return new Report(target, findings.close());
    }

    static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
