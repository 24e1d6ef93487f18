// The run itself: checks in order, sections kept, a check stuck past the deadline ends the run with a failure.
package io.caravan.diagnostics;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;

import static org.junit.jupiter.api.Assertions.*;

class DiagnosisTest {

    @Test
    void runsChecksInOrderAndReportsTheWorstSeverity() {
        Report r = new Diagnosis()
                .add("destination", "one", out -> out.ok("one", "fine", ""))
                .add("our side", "two", out -> out.warning("two", "meh", "e", "f"))
                .run("example.com", Duration.ofSeconds(10));
        assertEquals(2, r.findings().size());
        assertEquals("destination", r.findings().get(0).section());
        assertEquals("our side", r.findings().get(1).section());
        assertEquals(Severity.WARNING, r.worst());
    }

    @Test
    void aCheckStuckPastTheDeadlineEndsTheRunWithAFailureNamingIt() {
        CountDownLatch never = new CountDownLatch(1);
        Report r = new Diagnosis()
                .add("destination", "first", out -> out.ok("first", "fine", ""))
                .add("destination", "stuck", out -> never.await())
                .add("destination", "skipped", out -> out.ok("skipped", "never runs", ""))
                .run("example.com", Duration.ofMillis(300));
        Finding deadline = FindingsAssert.find(r, Severity.FAILURE, "did not finish");
        assertTrue(deadline.evidence().contains("stuck"), deadline.evidence());
        assertTrue(r.findings().stream().noneMatch(f -> f.summary().equals("never runs")));
    }

    @Test
    void aCheckThatThrowsBecomesAFailureAndTheOthersStillRun() {
        Report r = new Diagnosis()
                .add("configuration", "broken", out -> {
                    throw new IllegalStateException("boom");
                })
                .add("configuration", "after", out -> out.ok("after", "still ran", ""))
                .run("self", Duration.ofSeconds(10));
        FindingsAssert.find(r, Severity.FAILURE, "check itself failed");
        FindingsAssert.find(r, Severity.OK, "still ran");
    }
}
