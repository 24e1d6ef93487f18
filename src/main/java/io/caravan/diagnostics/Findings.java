// Where the checks of one section write their findings; closed when the run's deadline passes.
package io.caravan.diagnostics;

import java.util.ArrayList;
import java.util.List;

/**
 * Thread-safe: a check still running when the deadline passes may try to add more; those arrive
 * after the report was made and are dropped, so a report never changes once returned.
 */
public final class Findings {

    private final List<Finding> list = new ArrayList<>();
    private String section = "";
    private boolean closed;

    /** Findings added from now on belong to this section. */
    public synchronized Findings section(String name) {
        section = name;
        return this;
    }

    public void ok(String check, String summary, String evidence) {
        add(Severity.OK, check, summary, evidence, "");
    }

    public void warning(String check, String summary, String evidence, String fix) {
        add(Severity.WARNING, check, summary, evidence, fix);
    }

    public void failure(String check, String summary, String evidence, String fix) {
        add(Severity.FAILURE, check, summary, evidence, fix);
    }

    public synchronized void add(Severity severity, String check, String summary, String evidence, String fix) {
        if (!closed) {
            list.add(new Finding(severity, section, check, summary, evidence, fix));
        }
    }

    /** Stops taking findings and returns what there is. */
    synchronized List<Finding> close() {
        closed = true;
        return List.copyOf(list);
    }

    synchronized List<Finding> snapshot() {
        return List.copyOf(list);
    }
}
