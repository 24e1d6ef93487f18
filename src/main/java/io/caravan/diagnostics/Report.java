// The result of one troubleshooting run: the target, the findings in order, and the worst severity among them.
package io.caravan.diagnostics;

import java.util.List;

public record Report(String target, List<Finding> findings) {

    public Report {
        findings = List.copyOf(findings);
    }

    /** ok when there are no findings at all. */
    public Severity worst() {
        return findings.stream().map(Finding::severity).reduce(Severity.OK, Severity::worse);
    }
}
