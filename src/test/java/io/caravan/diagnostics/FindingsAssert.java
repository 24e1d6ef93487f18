// Test helper: finds the finding a test is about and says what there was when it is missing.
package io.caravan.diagnostics;

import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.fail;

public final class FindingsAssert {

    private FindingsAssert() {
    }

    /** The first finding of this severity whose summary contains the text. */
    public static Finding find(Report report, Severity severity, String summaryContains) {
        return report.findings().stream().filter(f -> f.severity() == severity && f.summary().contains(summaryContains)).findFirst()
                .orElseGet(() -> fail("no " + severity + " finding containing '" + summaryContains + "' in:\n" + dump(report.findings())));
    }

    public static void none(Report report, Severity severity) {
        List<Finding> bad = report.findings().stream().filter(f -> f.severity() == severity).toList();
        if (!bad.isEmpty()) {
            fail("unexpected " + severity + " findings:\n" + dump(report.findings()));
        }
    }

    public static String dump(List<Finding> findings) {
        return findings.stream().map(f -> f.severity() + " [" + f.check() + "] " + f.summary() + " | " + f.evidence().replace("\n", " / "))
                .collect(Collectors.joining("\n"));
    }
}
