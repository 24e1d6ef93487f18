// Mail metrics from synthetic tracking events: every counter, its bounded labels, the delay histogram and TLS.
package io.caravan.metrics;

import io.caravan.tracking.TrackingEvent;
import io.caravan.tracking.TrackingEvent.Type;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

class MailMetricsTest {

    static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");

    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final MailMetrics metrics = new MailMetrics(registry, Set.of("default", "client"), Set.of("internet", "mailbox"));

    static TrackingEvent event(Type type, String... details) {
        Map<String, String> d = new LinkedHashMap<>();
        for (int i = 0; i < details.length; i += 2) {
            d.put(details[i], details[i + 1]);
        }
        return new TrackingEvent(NOW, type, "Q1", "m@x", "a@origin.test", List.of("b@remote.test"), "192.0.2.7", d);
    }

    double count(String name, String... tags) {
        return registry.get(name).tags(tags).counter().count();
    }

    @Test
    void countsReceivedMessagesByReceiveConnectorFromTheFirstScrape() {
        assertEquals(0, count("caravan.messages.received", "connector", "client"), "a series for each configured connector from the start");
        metrics.on(event(Type.RECEIVED, "connector", "default", "size", "120"));
        metrics.on(event(Type.RECEIVED, "connector", "default"));
        assertEquals(2, count("caravan.messages.received", "connector", "default"));
    }

    @Test
    void countsTheDeliveryReportsCaravanWritesUnderBounceWithoutTls() {
        metrics.on(event(Type.RECEIVED, "connector", "bounce", "size", "900", "reportsOn", "Q0"));
        assertEquals(1, count("caravan.messages.received", "connector", "bounce"));
        assertTrue(registry.find("caravan.tls").counters().isEmpty());
    }

    @Test
    void countsDeliveredMessagesBySendConnector() {
        metrics.on(event(Type.DELIVERED, "connector", "internet", "host", "mx1.remote.test[192.0.2.1]:25", "reply", "250 2.0.0 Ok"));
        assertEquals(1, count("caravan.messages.delivered", "connector", "internet"));
        assertEquals(0, count("caravan.messages.delivered", "connector", "mailbox"));
    }

    @Test
    void countsDeferredMessagesByConnectorAndEnhancedStatusClass() {
        metrics.on(event(Type.DEFERRED, "connector", "internet", "reply", "451 4.4.1 No answer from host"));
        metrics.on(event(Type.DEFERRED, "connector", "internet", "reply", "421 Service not available"));
        assertEquals(1, count("caravan.messages.deferred", "connector", "internet", "class", "4.4"));
        assertEquals(1, count("caravan.messages.deferred", "connector", "internet", "class", "none"));
    }

    @Test
    void countsFailedAndExpiredMessagesAsBounced() {
        metrics.on(event(Type.FAILED, "connector", "internet", "reply", "550 5.1.1 No such user"));
        metrics.on(event(Type.EXPIRED, "connector", "internet", "reply", "451 4.4.1 No answer from host"));
        assertEquals(1, count("caravan.messages.bounced", "connector", "internet", "class", "5.1"));
        assertEquals(1, count("caravan.messages.bounced", "connector", "internet", "class", "4.4"));
    }

    @Test
    void countsRefusalsByConnectorPhaseAndClass() {
        metrics.on(event(Type.REFUSED, "connector", "default", "phase", "rcpt", "reply", "550 5.7.1 Relaying denied"));
        metrics.on(event(Type.REFUSED, "connector", "default", "phase", "mail", "reply", "452 4.3.1 Insufficient system storage"));
        assertEquals(1, count("caravan.messages.refused", "connector", "default", "phase", "rcpt", "class", "5.7"));
        assertEquals(1, count("caravan.messages.refused", "connector", "default", "phase", "mail", "class", "4.3"));
    }

    @Test
    void countsQuarantinedAndDeletedMessages() {
        metrics.on(event(Type.QUARANTINED, "connector", "default", "agent", "content-filter"));
        metrics.on(event(Type.DELETED, "connector", "default", "agent", "content-filter"));
        assertEquals(1, count("caravan.messages.quarantined", "connector", "default"));
        assertEquals(1, count("caravan.messages.deleted", "connector", "default"));
    }

    @Test
    void labelsStayBoundedWhateverTheEventSays() {
        metrics.on(event(Type.RECEIVED, "connector", "made-up"));
        metrics.on(event(Type.RECEIVED));
        metrics.on(event(Type.REFUSED, "connector", "default", "phase", "xyzzy", "reply", "550 5.999.1 invented"));
        assertEquals(1, count("caravan.messages.received", "connector", "other"));
        assertEquals(1, count("caravan.messages.received", "connector", "none"));
        assertEquals(1, count("caravan.messages.refused", "connector", "default", "phase", "other", "class", "other"));
        for (Meter m : registry.getMeters()) {
            m.getId().getTags().forEach(t -> assertFalse(t.getValue().contains("@") || t.getValue().contains("remote.test"),
                    "no address or host in a label: " + m.getId()));
        }
    }

    @Test
    void eventsWithoutAMailCountAreNotCounted() {
        metrics.on(event(Type.ROUTED, "connector", "internet", "nextHop", "remote.test"));
        metrics.on(event(Type.DSN_SENT, "dsnId", "Q2"));
        assertTrue(registry.find("caravan.messages.routed").meters().isEmpty());
        assertEquals(0, registry.find("caravan.messages.delivered").counters().stream().mapToDouble(c -> c.count()).sum());
    }

    @Test
    void recordsTheDelayFromArrivalToDeliveryGivenInEpochMillisOrIso() {
        metrics.on(event(Type.DELIVERED, "connector", "internet", "arrival", Long.toString(NOW.minusSeconds(3).toEpochMilli())));
        metrics.on(event(Type.DELIVERED, "connector", "internet", "arrival", NOW.minus(Duration.ofHours(3)).toString()));
        metrics.on(event(Type.DELIVERED, "connector", "internet", "arrival", "yesterday"));
        Timer delay = registry.get("caravan.delivery.delay").timer();
        assertEquals(2, delay.count(), "an unreadable arrival is not a delay");
        assertEquals(Duration.ofHours(3).plusSeconds(3).toSeconds(), (long) delay.totalTime(java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(1, bucket(delay, Duration.ofSeconds(5)), "3 s falls in the 5 s bucket");
        assertEquals(2, bucket(delay, Duration.ofHours(4)));
    }

    @Test
    void delayBucketsRunFromASecondToTheFiveDayExpiry() {
        assertEquals(Duration.ofSeconds(1), MailMetrics.DELAY_BUCKETS[0]);
        assertEquals(Duration.ofDays(5), MailMetrics.DELAY_BUCKETS[MailMetrics.DELAY_BUCKETS.length - 1]);
        metrics.on(event(Type.DELIVERED, "connector", "internet", "arrival", NOW.minusSeconds(1).toString()));
        CountAtBucket[] buckets = registry.get("caravan.delivery.delay").timer().takeSnapshot().histogramCounts();
        assertEquals(MailMetrics.DELAY_BUCKETS.length, buckets.length, Arrays.toString(buckets));
    }

    @Test
    void countsTlsInOnReceiptAndOutOnDeliveryByProtocol() {
        metrics.on(event(Type.RECEIVED, "connector", "client", "tlsIn", "TLSv1.3 TLS_AES_256_GCM_SHA384"));
        metrics.on(event(Type.RECEIVED, "connector", "default"));
        metrics.on(event(Type.DELIVERED, "connector", "internet", "tlsOut", "TLSv1.2 TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"));
        metrics.on(event(Type.DELIVERED, "connector", "internet", "tlsOut", "QUIC-9 whatever"));
        assertEquals(1, count("caravan.tls", "direction", "in", "protocol", "TLSv1.3"));
        assertEquals(1, count("caravan.tls", "direction", "in", "protocol", "none"));
        assertEquals(1, count("caravan.tls", "direction", "out", "protocol", "TLSv1.2"));
        assertEquals(1, count("caravan.tls", "direction", "out", "protocol", "other"));
    }

    @Test
    void aMalformedEventNeverReachesTheStageThatFiredIt() {
        TrackingEvent noTime = new TrackingEvent(null, Type.DELIVERED, "Q1", "", "", List.of(), "", Map.of("arrival", NOW.toString()));
        assertDoesNotThrow(() -> metrics.on(noTime));
    }

    private static double bucket(Timer timer, Duration le) {
        for (CountAtBucket b : timer.takeSnapshot().histogramCounts()) {
            if (b.bucket(java.util.concurrent.TimeUnit.NANOSECONDS) == le.toNanos()) {
                return b.count();
            }
        }
        throw new AssertionError("no bucket " + le);
    }
}
