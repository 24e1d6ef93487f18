// Queue gauges: depth and oldest age per queue and per next hop, bounded next hop labels, stale ones removed.
package io.caravan.metrics;

import io.caravan.queue.BrokerManagement;
import io.caravan.queue.QueueNames;
import io.caravan.queue.QueueViewer;
import io.caravan.queue.QueueViewer.NextHopQueue;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

class QueueGaugesTest {

    /** What the broker holds, as the queue viewer reports it; nothing real behind it. */
    static class FakeQueues extends QueueViewer {
        Map<String, Long> counts = new LinkedHashMap<>();
        List<NextHopQueue> hops = new ArrayList<>();
        final AtomicInteger readings = new AtomicInteger();
        boolean down;

        FakeQueues() {
            super(null, null, null, null);
        }

        @Override
        public Map<String, Long> counts() {
            readings.incrementAndGet();
            if (down) {
                throw new IllegalStateException("Broker management request getMessageCount failed: connection refused");
            }
            return counts;
        }

        @Override
        public List<NextHopQueue> nextHops() {
            return hops;
        }
    }

    /** Answers getFirstMessageAge with a fixed age per queue, in milliseconds. */
    static class FakeBroker extends BrokerManagement {
        final Map<String, Long> firstMessageAgeMillis = new LinkedHashMap<>();

        FakeBroker() {
            super(null);
        }

        @Override
        public Object onQueue(String queue, String operation, Object... parameters) {
            assertEquals("getFirstMessageAge", operation);
            return firstMessageAgeMillis.get(queue);
        }
    }

    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final FakeQueues queues = new FakeQueues();
    final FakeBroker broker = new FakeBroker();
    final QueueGauges gauges = new QueueGauges(queues, broker, registry, Duration.ofSeconds(15));

    static NextHopQueue hop(String name, int messages, long oldestSeconds) {
        return new NextHopQueue(name, "internet", messages, oldestSeconds, null, "", null);
    }

    double gauge(String name, String key, String value) {
        Gauge g = registry.find(name).tag(key, value).gauge();
        assertNotNull(g, name + "{" + key + "=" + value + "}");
        return g.value();
    }

    @Test
    void showsTheDepthOfEachQueue() {
        queues.counts.put(QueueNames.SUBMISSION, 2L);
        queues.counts.put(QueueNames.DELIVERY, 7L);
        queues.counts.put(QueueNames.POISON, 0L);
        gauges.refresh();
        assertEquals(2, gauge("caravan.queue.messages", "queue", QueueNames.SUBMISSION));
        assertEquals(7, gauge("caravan.queue.messages", "queue", QueueNames.DELIVERY));
        assertEquals(0, gauge("caravan.queue.messages", "queue", QueueNames.POISON));
    }

    @Test
    void theOldestAgeOnTheDeliveryQueueCountsFromReceiptAndOnOthersFromTheHeadOfTheQueue() {
        queues.counts.put(QueueNames.SUBMISSION, 1L);
        queues.counts.put(QueueNames.DELIVERY, 3L);
        queues.counts.put(QueueNames.BOUNCE, 0L);
        queues.hops.add(hop("remote.test", 2, 3600));
        queues.hops.add(hop("other.test", 1, 60));
        broker.firstMessageAgeMillis.put(QueueNames.SUBMISSION, 4_500L);
        gauges.refresh();
        assertEquals(3600, gauge("caravan.queue.oldest.age", "queue", QueueNames.DELIVERY));
        assertEquals(4, gauge("caravan.queue.oldest.age", "queue", QueueNames.SUBMISSION));
        assertEquals(0, gauge("caravan.queue.oldest.age", "queue", QueueNames.BOUNCE), "an empty queue is not asked");
    }

    @Test
    void showsDepthAndOldestAgePerNextHop() {
        queues.counts.put(QueueNames.DELIVERY, 3L);
        queues.hops.add(hop("remote.test", 2, 3600));
        queues.hops.add(hop("[192.0.2.1]", 1, 60));
        gauges.refresh();
        assertEquals(2, gauge("caravan.next.hop.messages", "next_hop", "remote.test"));
        assertEquals(3600, gauge("caravan.next.hop.oldest.age", "next_hop", "remote.test"));
        assertEquals(1, gauge("caravan.next.hop.messages", "next_hop", "[192.0.2.1]"));
    }

    @Test
    void keepsTheFiftyLargestNextHopsAndSumsTheRestAsOther() {
        queues.counts.put(QueueNames.DELIVERY, 0L);
        long total = 0;
        for (int i = 1; i <= 80; i++) {
            queues.hops.add(hop("hop" + i + ".test", i, i * 10L));
            total += i;
        }
        gauges.refresh();
        assertEquals(QueueGauges.NEXT_HOP_LABELS + 1, registry.find("caravan.next.hop.messages").gauges().size());
        assertEquals(80, gauge("caravan.next.hop.messages", "next_hop", "hop80.test"));
        assertEquals(31, gauge("caravan.next.hop.messages", "next_hop", "hop31.test"), "the 50th largest");
        assertNull(registry.find("caravan.next.hop.messages").tag("next_hop", "hop30.test").gauge());
        long others = total - (31 + 80) * 50 / 2;
        assertEquals(others, gauge("caravan.next.hop.messages", "next_hop", "other"));
        assertEquals(300, gauge("caravan.next.hop.oldest.age", "next_hop", "other"), "the oldest among them");
    }

    @Test
    void aNextHopWithNothingWaitingLosesItsSeries() {
        queues.counts.put(QueueNames.DELIVERY, 1L);
        queues.hops.add(hop("gone.test", 1, 5));
        gauges.refresh();
        queues.hops.clear();
        queues.hops.add(hop("new.test", 1, 5));
        gauges.refresh();
        assertNull(registry.find("caravan.next.hop.messages").tag("next_hop", "gone.test").gauge());
        assertNull(registry.find("caravan.next.hop.oldest.age").tag("next_hop", "gone.test").gauge());
        assertEquals(1, gauge("caravan.next.hop.messages", "next_hop", "new.test"));
    }

    @Test
    void aScrapeReadsTheLastReadingWithoutAskingTheBroker() {
        queues.counts.put(QueueNames.DELIVERY, 4L);
        gauges.refresh();
        int readings = queues.readings.get();
        for (int i = 0; i < 5; i++) {
            assertEquals(4, gauge("caravan.queue.messages", "queue", QueueNames.DELIVERY));
        }
        assertEquals(readings, queues.readings.get());
    }

    @Test
    void keepsTheLastReadingWhileTheBrokerCannotBeRead() {
        queues.counts.put(QueueNames.DELIVERY, 4L);
        gauges.refresh();
        queues.down = true;
        gauges.refresh();
        assertEquals(4, gauge("caravan.queue.messages", "queue", QueueNames.DELIVERY));
        queues.down = false;
        queues.counts.put(QueueNames.DELIVERY, 1L);
        gauges.refresh();
        assertEquals(1, gauge("caravan.queue.messages", "queue", QueueNames.DELIVERY));
    }

    @Test
    void refusesARefreshIntervalUnderASecond() {
        assertTrue(gauges.configurationErrors().isEmpty());
        List<String> errors = new QueueGauges(queues, broker, new SimpleMeterRegistry(), Duration.ofMillis(10)).configurationErrors();
        assertEquals(1, errors.size());
        assertTrue(errors.get(0).startsWith("caravan.metrics.queue-refresh: "), errors.get(0));
    }
}
