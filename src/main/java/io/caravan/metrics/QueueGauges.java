// Queue depth and oldest message age per queue and per next hop, read from the broker in the background.
package io.caravan.metrics;

import io.caravan.config.ConfigurationCheck;
import io.caravan.queue.BrokerManagement;
import io.caravan.queue.QueueNames;
import io.caravan.queue.QueueViewer;
import io.caravan.queue.QueueViewer.NextHopQueue;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Exchange's queue viewer counts and Postfix's qshape, as Prometheus gauges:
 * {@code caravan_queue_messages{queue}}, {@code caravan_queue_oldest_age_seconds{queue}},
 * {@code caravan_next_hop_messages{next_hop}} and {@code caravan_next_hop_oldest_age_seconds{next_hop}}.
 *
 * <p>Listing a queue is work for the broker, so a scrape reads the last reading, taken every
 * {@code caravan.metrics.queue-refresh} (15 s) on a thread of its own, and less often when a reading
 * takes long. On caravan.delivery a message's age counts from its receipt (retries included); on the other
 * queues, from when it was put on that queue. Next hops are the {@value #NEXT_HOP_LABELS} with the most
 * copies; the rest are summed under {@code next_hop="other"}, and a next hop with nothing waiting any more
 * (and not suspended) loses its series. While the broker cannot be read, the last reading stays.
 */
@Singleton
public class QueueGauges implements ConfigurationCheck {

    private static final Logger LOG = Logger.getLogger(QueueGauges.class);
    static final int NEXT_HOP_LABELS = 50;
    static final String OTHER_NEXT_HOPS = "other";
    /** A reading may take at most this share of the time between readings. */
    private static final int SLOWDOWN = 4;

    private final QueueViewer viewer;
    private final BrokerManagement broker;
    private final Duration every;
    private final MultiGauge queueMessages;
    private final MultiGauge queueAge;
    private final MultiGauge hopMessages;
    private final MultiGauge hopAge;
    private volatile boolean failing;
    private ScheduledExecutorService reader;

    @Inject
    public QueueGauges(QueueViewer viewer, BrokerManagement broker, MeterRegistry registry, MetricsConfig config) {
        this(viewer, broker, registry, config.queueRefresh());
    }

    QueueGauges(QueueViewer viewer, BrokerManagement broker, MeterRegistry registry, Duration every) {
        this.viewer = viewer;
        this.broker = broker;
        this.every = every;
        this.queueMessages = MultiGauge.builder("caravan.queue.messages")
                .description("Messages on each queue, waiting retries included").register(registry);
        this.queueAge = MultiGauge.builder("caravan.queue.oldest.age").baseUnit("seconds")
                .description("Age of the oldest message on each queue (caravan.delivery: since receipt)").register(registry);
        this.hopMessages = MultiGauge.builder("caravan.next.hop.messages")
                .description("Copies waiting for each next hop (the largest; the rest as other)").register(registry);
        this.hopAge = MultiGauge.builder("caravan.next.hop.oldest.age").baseUnit("seconds")
                .description("Time since receipt of the oldest copy waiting for each next hop").register(registry);
    }

    @Override
    public List<String> configurationErrors() {
        return every.compareTo(Duration.ofSeconds(1)) < 0 ? List.of("caravan.metrics.queue-refresh: must be at least 1s, was " + every) : List.of();
    }

    void start(@Observes StartupEvent event) {
        reader = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "caravan-queue-gauges");
            t.setDaemon(true);
            return t;
        });
        reader.execute(this::readAndReschedule);
    }

    void stop(@Observes ShutdownEvent event) {
        if (reader != null) {
            reader.shutdownNow();
        }
    }

    private void readAndReschedule() {
        long t0 = System.nanoTime();
        refresh();
        long took = System.nanoTime() - t0;
        try {
            reader.schedule(this::readAndReschedule, Math.max(every.toNanos(), took * SLOWDOWN), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // shutting down
        }
    }

    /** Reads the queues once and replaces every gauge's rows; what the background thread runs. */
    void refresh() {
        try {
            Map<String, Long> counts = viewer.counts();
            List<NextHopQueue> hops = viewer.nextHops();
            List<MultiGauge.Row<?>> messages = new ArrayList<>();
            List<MultiGauge.Row<?>> ages = new ArrayList<>();
            counts.forEach((queue, n) -> {
                messages.add(MultiGauge.Row.of(Tags.of("queue", queue), n));
                ages.add(MultiGauge.Row.of(Tags.of("queue", queue), n == 0 ? 0 : oldestAgeSeconds(queue, hops)));
            });
            queueMessages.register(messages, true);
            queueAge.register(ages, true);
            nextHops(hops);
            if (failing) {
                LOG.info("Queue gauges: reading the broker again");
            }
            failing = false;
        } catch (RuntimeException e) {
            if (!failing) {
                LOG.warnf("Queue gauges keep their last reading: the broker could not be read (%s)", e.getMessage());
            }
            failing = true;
        }
    }

    private long oldestAgeSeconds(String queue, List<NextHopQueue> hops) {
        if (queue.equals(QueueNames.DELIVERY)) {
            return hops.stream().mapToLong(NextHopQueue::oldestAgeSeconds).max().orElse(0);
        }
        // the message at the head of the queue; Artemis answers null when there is none
        Object millis = broker.onQueue(queue, "getFirstMessageAge");
        return millis instanceof Number n ? Math.max(0, n.longValue() / 1000) : 0;
    }

    private void nextHops(List<NextHopQueue> hops) {
        List<NextHopQueue> largest = new ArrayList<>(hops);
        largest.sort(Comparator.comparingInt(NextHopQueue::messages).reversed().thenComparing(NextHopQueue::nextHop));
        List<MultiGauge.Row<?>> messages = new ArrayList<>();
        List<MultiGauge.Row<?>> ages = new ArrayList<>();
        long otherMessages = 0;
        long otherAge = 0;
        for (int i = 0; i < largest.size(); i++) {
            NextHopQueue h = largest.get(i);
            if (i < NEXT_HOP_LABELS) {
                messages.add(MultiGauge.Row.of(Tags.of("next_hop", h.nextHop()), h.messages()));
                ages.add(MultiGauge.Row.of(Tags.of("next_hop", h.nextHop()), h.oldestAgeSeconds()));
            } else {
                otherMessages += h.messages();
                otherAge = Math.max(otherAge, h.oldestAgeSeconds());
            }
        }
        if (largest.size() > NEXT_HOP_LABELS) {
            messages.add(MultiGauge.Row.of(Tags.of("next_hop", OTHER_NEXT_HOPS), otherMessages));
            ages.add(MultiGauge.Row.of(Tags.of("next_hop", OTHER_NEXT_HOPS), otherAge));
        }
        hopMessages.register(messages, true);
        hopAge.register(ages, true);
    }
}
