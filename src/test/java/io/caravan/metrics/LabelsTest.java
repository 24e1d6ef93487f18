// Label values from tracking details: the reply class, TLS protocol, phase and times, all bounded.
package io.caravan.metrics;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

class LabelsTest {

    @Test
    void replyClassIsTheEnhancedCodesClassAndSubject() {
        assertEquals("4.4", Labels.statusClass("451 4.4.1 No answer from host"));
        assertEquals("5.7", Labels.statusClass("550-5.7.1 Relaying denied"));
        assertEquals("2.0", Labels.statusClass("250 2.0.0 Ok"));
    }

    @Test
    void replyClassIsNoneWithoutAnEnhancedCodeAndOtherForAnUndefinedSubject() {
        assertEquals("none", Labels.statusClass("421 Service not available"));
        assertEquals("none", Labels.statusClass(null));
        assertEquals("none", Labels.statusClass("550 5.1.1x nonsense"));
        assertEquals("other", Labels.statusClass("550 5.42.1 invented"));
    }

    @Test
    void tlsProtocolIsTheFirstWordWhenItIsAKnownProtocol() {
        assertEquals("TLSv1.3", Labels.tlsProtocol("TLSv1.3 TLS_AES_256_GCM_SHA384"));
        assertEquals("none", Labels.tlsProtocol(null));
        assertEquals("other", Labels.tlsProtocol("<script> x"));
    }

    @Test
    void connectorsAndPhasesOutsideTheirSetsAreOther() {
        assertEquals("default", Labels.connector("default", Set.of("default")));
        assertEquals("other", Labels.connector("bob@example.com", Set.of("default")));
        assertEquals("none", Labels.connector("", Set.of("default")));
        assertEquals("rcpt", Labels.phase("rcpt"));
        assertEquals("other", Labels.phase("RCPT TO:<x>"));
    }

    @Test
    void instantsAreReadFromEpochMillisOrIso() {
        Instant t = Instant.parse("2026-12-04T12:00:00.250Z");
        assertEquals(Optional.of(t), Labels.instant(Long.toString(t.toEpochMilli())));
        assertEquals(Optional.of(t), Labels.instant("2026-12-04T12:00:00.250Z"));
        assertEquals(Optional.of(t), Labels.instant("2026-12-04T13:00:00.250+01:00"));
        assertEquals(Optional.empty(), Labels.instant("soon"));
        assertEquals(Optional.empty(), Labels.instant("99999999999999999999999"));
    }
}
