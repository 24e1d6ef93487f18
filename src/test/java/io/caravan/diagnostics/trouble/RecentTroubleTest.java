// Point 4: deferrals and failures of the window from the tracking store, grouped by next hop and cause, with the latest reply and advice.
package io.caravan.diagnostics.trouble;

import io.caravan.diagnostics.Diagnosis;
import io.caravan.diagnostics.Finding;
import io.caravan.diagnostics.Report;
import io.caravan.diagnostics.Severity;
import io.caravan.mail.SmtpReply;
import io.caravan.tracking.TrackingEvent;
import io.caravan.tracking.TrackingEvent.Type;
import io.caravan.tracking.TrackingStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static io.caravan.diagnostics.FindingsAssert.find;
import static org.junit.jupiter.api.Assertions.*;

class RecentTroubleTest {

    static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");

    @TempDir
    Path dir;

    TrackingStore store;

    @BeforeEach
    void open() {
        store = TrackingStore.open(dir);
    }

    @AfterEach
    void close() {
        store.close();
    }

    static TrackingEvent event(Duration ago, Type type, String id, String nextHop, String reply) {
        return new TrackingEvent(NOW.minus(ago), type, id, "", "a@ours.test", List.of("b@" + nextHop), "",
                Map.of("nextHop", nextHop, "host", "mx." + nextHop + "[192.0.2.1]:25", "reply", reply));
    }

    Report run(Duration window) {
        return new Diagnosis().add(RecentTrouble.SECTION, "tracking log", new RecentTrouble(() -> store, window, Clock.fixed(NOW, ZoneOffset.UTC)))
                .run("self", Duration.ofSeconds(10));
    }

    @Test
    void deferralsAndFailuresAreGroupedPerNextHopAndCauseWithTheLatestReplyAndOurAdvice() throws Exception {
        store.insert(List.of(
                event(Duration.ofMinutes(50), Type.DEFERRED, "Q1", "slow.test", "451 4.4.2 Connection to mx.slow.test[192.0.2.1]:25 timed out"),
                event(Duration.ofMinutes(20), Type.DEFERRED, "Q2", "slow.test", "451 4.4.1 Connection to mx.slow.test[192.0.2.1]:25 refused or unreachable"),
                event(Duration.ofMinutes(10), Type.FAILED, "Q3", "strict.test", "550 5.7.1 Service unavailable; client host [192.0.2.9] blocked using zen.spamhaus.org"),
                event(Duration.ofMinutes(5), Type.FAILED, "Q4", "strict.test", "550 5.1.1 <b@strict.test>: no such user"),
                event(Duration.ofHours(3), Type.FAILED, "OLD", "old.test", "550 5.1.1 gone")));
        Report r = run(Duration.ofHours(1));
        Finding slow = find(r, Severity.WARNING, "slow.test: 2 deferral(s) in the last hour, cause: connection");
        assertTrue(slow.evidence().contains("Q2") && slow.evidence().contains("4.4.1"), "the latest reply: " + slow.evidence());
        assertEquals("recent trouble", slow.section());
        Finding blocked = find(r, Severity.FAILURE, "strict.test: 1 recipient(s) failed in the last hour, cause: policy or blocklist");
        assertEquals(io.caravan.bounce.Explanations.whatHappened(SmtpReply.parse("550 5.7.1 blocked using zen.spamhaus.org")) + " "
                + io.caravan.bounce.Explanations.advice(SmtpReply.parse("550 5.7.1 blocked using zen.spamhaus.org")), blocked.fix());
        find(r, Severity.FAILURE, "strict.test: 1 recipient(s) failed in the last hour, cause: mailbox");
        assertTrue(r.findings().stream().noneMatch(f -> f.summary().contains("old.test")), "outside the window");
    }

    @Test
    void aWiderWindowReachesFurtherBack() throws Exception {
        store.insert(List.of(event(Duration.ofHours(3), Type.FAILED, "OLD", "old.test", "550 5.1.1 gone")));
        find(run(Duration.ofHours(4)), Severity.FAILURE, "old.test: 1 recipient(s) failed in the last 4 hours, cause: mailbox");
    }

    @Test
    void aDestinationSeesOnlyItsOwnNextHop() throws Exception {
        store.insert(List.of(
                event(Duration.ofMinutes(5), Type.DEFERRED, "Q1", "slow.test", "451 4.4.2 Connection timed out"),
                event(Duration.ofMinutes(5), Type.FAILED, "Q2", "strict.test", "550 5.7.1 blocked")));
        Report r = new Diagnosis().add(RecentTrouble.SECTION, "tracking log",
                new RecentTrouble(() -> store, Duration.ofHours(1), Clock.fixed(NOW, ZoneOffset.UTC), java.util.Optional.of("slow.test")))
                .run("slow.test", Duration.ofSeconds(10));
        find(r, Severity.WARNING, "slow.test: 1 deferral(s)");
        assertTrue(r.findings().stream().noneMatch(f -> f.summary().contains("strict.test")));
    }

    @Test
    void aQuietWindowIsOk() {
        find(run(Duration.ofHours(1)), Severity.OK, "No deferrals or failures in the last hour");
    }

    @Test
    void anUnavailableStoreIsAWarningNotAFailureOfTheRun() {
        Report r = new Diagnosis().add(RecentTrouble.SECTION, "tracking log", new RecentTrouble(() -> {
            throw new IllegalStateException("the tracking store is disabled");
        }, Duration.ofHours(1), Clock.systemUTC())).run("self", Duration.ofSeconds(10));
        find(r, Severity.WARNING, "could not be read");
    }

    @Test
    void causesAreReadFromTheStatusCodeThenTheText() {
        assertEquals(Cause.DNS, Cause.of(SmtpReply.parse("451 4.4.3 Host mx.x.test does not resolve")));
        assertEquals(Cause.DNS, Cause.of(SmtpReply.parse("550 5.1.2 Domain x.test does not exist (DNS NXDOMAIN)")));
        assertEquals(Cause.CONNECTION, Cause.of(SmtpReply.parse("451 4.4.2 Connection timed out")));
        assertEquals(Cause.TLS, Cause.of(SmtpReply.parse("454 4.7.0 TLS not available due to temporary reason")));
        assertEquals(Cause.POLICY, Cause.of(SmtpReply.parse("554 5.7.1 rejected by policy")));
        assertEquals(Cause.POLICY, Cause.of(SmtpReply.parse("550 Your IP is listed at a DNSBL")));
        assertEquals(Cause.MAILBOX, Cause.of(SmtpReply.parse("552 5.2.2 Mailbox full")));
        assertEquals(Cause.CONTENT, Cause.of(SmtpReply.parse("552 5.3.4 Message too big")));
        assertEquals(Cause.CONTENT, Cause.of(SmtpReply.parse("554 5.6.0 Message content rejected")));
    }
}
