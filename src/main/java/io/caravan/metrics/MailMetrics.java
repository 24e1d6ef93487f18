// Mail metrics from the tracking events: messages received, delivered, deferred, bounced, refused, quarantined, deleted; delay; TLS.
package io.caravan.metrics;

import io.caravan.receive.connector.ReceiveConnectorsConfig;
import io.caravan.routing.SendConnectorsConfig;
import io.caravan.tracking.TrackingEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Exchange's message tracking counters and Postfix's log-derived exporters, counted where the events are
 * fired ({@code @Observes TrackingEvent}), so nothing has to parse the tracking log. One event is one
 * count: a message on RECEIVED, one copy (a next hop's recipients) on DELIVERED, DEFERRED, FAILED and
 * EXPIRED. Prometheus names and labels (README "Metrics"):
 * <ul>
 * <li>{@code caravan_messages_received_total{connector}}, {@code caravan_messages_delivered_total{connector}}
 * (the send connector), {@code caravan_messages_quarantined_total{connector}}, {@code caravan_messages_deleted_total{connector}}</li>
 * <li>{@code caravan_messages_deferred_total{connector,class}}, {@code caravan_messages_bounced_total{connector,class}}
 * (FAILED and EXPIRED), {@code caravan_messages_refused_total{connector,phase,class}}: {@code class} is the
 * enhanced status code's class.subject ("4.4", "5.7"), "none" when the reply has none</li>
 * <li>{@code caravan_delivery_delay_seconds} (histogram, receipt to delivery, 1 s to 5 d)</li>
 * <li>{@code caravan_tls_total{direction="in|out",protocol}} for each RECEIVED and DELIVERED</li>
 * </ul>
 * Delivery reports Caravan writes are received on connector "bounce" (and have no TLS count).
 * A connector not in the configuration is counted as "other", an event without one as "none": a label
 * never holds a recipient, a host or a next hop. Counters are looked up once per label set.
 */
@Singleton
public class MailMetrics {

    /** Where delivery delays fall: seconds for a local hop, minutes to days for retries, up to the 5-day expiry. */
    static final Duration[] DELAY_BUCKETS = {
            Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(15), Duration.ofSeconds(30),
            Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(15), Duration.ofMinutes(30),
            Duration.ofHours(1), Duration.ofHours(2), Duration.ofHours(4), Duration.ofHours(8), Duration.ofHours(12),
            Duration.ofDays(1), Duration.ofDays(2), Duration.ofDays(3), Duration.ofDays(5)};

    private static final Map<String, String> HELP = Map.of(
            "caravan.messages.received", "Messages received and queued (the client got 250), by receive connector",
            "caravan.messages.delivered", "Message copies the next hop accepted, by send connector",
            "caravan.messages.deferred", "Delivery attempts that failed temporarily, by send connector and reply class",
            "caravan.messages.bounced", "Message copies that failed permanently or expired, by send connector and reply class",
            "caravan.messages.refused", "Commands or messages refused during the SMTP dialogue, by receive connector, phase and reply class",
            "caravan.messages.quarantined", "Messages an agent held in the quarantine, by receive connector",
            "caravan.messages.deleted", "Messages an agent accepted and dropped, by receive connector",
            "caravan.tls", "Messages received (in) and delivered (out), by TLS protocol or none");

    /** The connector label of the delivery reports (DSNs) Caravan queues itself. */
    static final String REPORTS = "bounce";
    private static final Logger LOG = Logger.getLogger(MailMetrics.class);

    private final MeterRegistry registry;
    private final Set<String> receiveConnectors;
    private final Set<String> sendConnectors;
    private final Timer delay;
    private final Map<List<String>, Counter> counters = new ConcurrentHashMap<>();

    @Inject
    public MailMetrics(MeterRegistry registry, ReceiveConnectorsConfig receive, SendConnectorsConfig send) {
        this(registry, receive.receiveConnectors().keySet(), send.sendConnectors().keySet());
    }

    MailMetrics(MeterRegistry registry, Set<String> receiveConnectors, Set<String> sendConnectors) {
        this.registry = registry;
        this.receiveConnectors = Set.copyOf(receiveConnectors);
        this.sendConnectors = Set.copyOf(sendConnectors);
        this.delay = Timer.builder("caravan.delivery.delay")
                .description("Time from receipt to delivery to the next hop")
                .serviceLevelObjectives(DELAY_BUCKETS)
                .minimumExpectedValue(DELAY_BUCKETS[0])
                .maximumExpectedValue(DELAY_BUCKETS[DELAY_BUCKETS.length - 1])
                .register(registry);
        // a series that exists from the start, so that rate() sees the first message of each connector
        this.receiveConnectors.forEach(c -> counter("caravan.messages.received", "connector", c));
        this.sendConnectors.forEach(c -> counter("caravan.messages.delivered", "connector", c));
    }

    /** Observed synchronously on the stage's thread: whatever goes wrong here must not reach the stage. */
    void on(@Observes TrackingEvent e) {
        try {
            count(e);
        } catch (RuntimeException ex) {
            LOG.warnf(ex, "Metrics skipped a %s event of %s", e.event(), e.queueId());
        }
    }

    private void count(TrackingEvent e) {
        Map<String, String> d = e.details();
        switch (e.event()) {
            case RECEIVED -> {
                if (d.containsKey("reportsOn")) {
                    // a delivery report Caravan wrote itself: no client, no TLS
                    counter("caravan.messages.received", "connector", REPORTS).increment();
                } else {
                    counter("caravan.messages.received", "connector", received(d)).increment();
                    tls("in", d.get("tlsIn"));
                }
            }
            case DELIVERED -> {
                counter("caravan.messages.delivered", "connector", sent(d)).increment();
                tls("out", d.get("tlsOut"));
                Labels.instant(d.get("arrival")).ifPresent(arrival -> delay(arrival, e.time()));
            }
            case DEFERRED -> counter("caravan.messages.deferred", "connector", sent(d), "class", Labels.statusClass(d.get("reply"))).increment();
            case FAILED, EXPIRED ->
                    counter("caravan.messages.bounced", "connector", sent(d), "class", Labels.statusClass(d.get("reply"))).increment();
            case REFUSED -> counter("caravan.messages.refused", "connector", received(d), "phase", Labels.phase(d.get("phase")),
                    "class", Labels.statusClass(d.get("reply"))).increment();
            case QUARANTINED -> counter("caravan.messages.quarantined", "connector", received(d)).increment();
            case DELETED -> counter("caravan.messages.deleted", "connector", received(d)).increment();
            default -> {
                // routing, inspection, reports and administrators' actions have their own records
            }
        }
    }

    private String received(Map<String, String> details) {
        return Labels.connector(details.get("connector"), receiveConnectors);
    }

    private String sent(Map<String, String> details) {
        return Labels.connector(details.get("connector"), sendConnectors);
    }

    private void tls(String direction, String tls) {
        counter("caravan.tls", "direction", direction, "protocol", Labels.tlsProtocol(tls)).increment();
    }

    private void delay(Instant arrival, Instant delivered) {
        Duration d = Duration.between(arrival, delivered);
        delay.record(d.isNegative() ? Duration.ZERO : d); // clocks of several instances may disagree a little
    }

    private Counter counter(String name, String... tags) {
        return counters.computeIfAbsent(key(name, tags), k -> Counter.builder(name).description(HELP.get(name)).tags(tags).register(registry));
    }

    private static List<String> key(String name, String... tags) {
        String[] key = new String[tags.length + 1];
        key[0] = name;
        System.arraycopy(tags, 0, key, 1, tags.length);
        return List.of(key);
    }
}
