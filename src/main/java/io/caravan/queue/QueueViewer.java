// The operator's view of the queues: next hops with their waiting copies, and the actions on them.
package io.caravan.queue;

import io.caravan.mail.CaravanHeaders;
import io.caravan.tracking.MessageEvents;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.caravan.queue.BrokerManagement.propertyEquals;

/**
 * Exchange's Get-Queue / Get-Message / Retry-Queue / Suspend-Queue / Remove-Message, Postfix's
 * mailq / postqueue -f / postsuper -d. Copies waiting for a retry are Artemis scheduled messages,
 * which a plain JMS browser does not see, so listing asks the broker's management for both kinds.
 */
@Singleton
public class QueueViewer {

    /**
     * One copy waiting for delivery, as an operator sees it. {@code poisonReason}: why a copy on the poison queue is there
     * (the stage and its last failure); empty elsewhere, and for a copy the broker moved there itself.
     */
    public record QueuedCopy(String queueId, String nextHop, String sendConnector, String from, List<String> recipients,
            long size, long ageSeconds, int attempts, String lastReply, Instant nextAttempt, String poisonReason) {
    }

    /** One next hop's queue; {@code suspension} is null while it is not suspended. */
    public record NextHopQueue(String nextHop, String sendConnector, int messages, long oldestAgeSeconds, Instant nextRetry,
            String lastError, NextHopGate.Suspension suspension) {
        public boolean suspended() {
            return suspension != null;
        }
    }

    private final BrokerManagement broker;
    private final NextHopGate gate;
    private final Suspensions suspensions;
    private final MessageEvents events;

    public QueueViewer(BrokerManagement broker, NextHopGate gate, Suspensions suspensions, MessageEvents events) {
        this.broker = broker;
        this.gate = gate;
        this.suspensions = suspensions;
        this.events = events;
    }

    /** Every copy on caravan.delivery, ready or waiting for its retry time. */
    public List<QueuedCopy> copies() {
        List<QueuedCopy> out = new ArrayList<>();
        long now = System.currentTimeMillis();
        for (JsonObject m : list(QueueNames.DELIVERY)) {
            out.add(copy(m, now));
        }
        out.sort(Comparator.comparing(QueuedCopy::ageSeconds).reversed());
        return out;
    }

    public List<QueuedCopy> copies(String nextHop) {
        return copies().stream().filter(c -> c.nextHop().equals(nextHop)).toList();
    }

    /** The delivery queue grouped by next hop, oldest first, plus suspended next hops with nothing waiting. */
    public List<NextHopQueue> nextHops() {
        Map<String, List<QueuedCopy>> byHop = new TreeMap<>();
        for (QueuedCopy c : copies()) {
            byHop.computeIfAbsent(c.nextHop(), k -> new ArrayList<>()).add(c);
        }
        gate.suspended().forEach(h -> byHop.putIfAbsent(h, List.of()));
        List<NextHopQueue> out = new ArrayList<>();
        byHop.forEach((hop, copies) -> {
            QueuedCopy oldest = copies.stream().max(Comparator.comparing(QueuedCopy::ageSeconds)).orElse(null);
            Instant next = copies.stream().map(QueuedCopy::nextAttempt).filter(java.util.Objects::nonNull).min(Comparator.naturalOrder()).orElse(null);
            String lastError = copies.stream().map(QueuedCopy::lastReply).filter(r -> r != null && !r.isEmpty()).findFirst().orElse("");
            out.add(new NextHopQueue(hop, oldest == null ? "" : oldest.sendConnector(), copies.size(),
                    oldest == null ? 0 : oldest.ageSeconds(), next, lastError, gate.suspensions().get(hop)));
        });
        return out;
    }

    /** Message counts of every Caravan queue (scheduled retries included). */
    public Map<String, Long> counts() {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String q : List.of(QueueNames.SUBMISSION, QueueNames.DELIVERY, QueueNames.BOUNCE, QueueNames.POISON)) {
            out.put(q, broker.queueExists(q) ? ((Number) broker.onQueue(q, "getMessageCount")).longValue() : 0L);
        }
        return out;
    }

    /** Retry-Queue: every copy for the next hop (or all, when null) is offered for delivery now. */
    public void retryNow(String nextHop) {
        broker.onQueue(QueueNames.DELIVERY, "deliverScheduledMessages", nextHop == null ? "" : propertyEquals(CaravanHeaders.NEXT_HOP, nextHop));
    }

    /** Deliveries to one next hop at once, per instance (caravan.delivery.max-per-next-hop). */
    public int maxPerNextHop() {
        return gate.perNextHop();
    }

    /** Whether this instance's view of the suspensions is the broker's current one. */
    public Suspensions.Status suspensionStatus() {
        return suspensions.status();
    }

    /** Suspend-Queue, on every instance. */
    public void suspend(String nextHop, String by) {
        suspensions.suspend(nextHop, by);
    }

    /**
     * Resume-Queue, on every instance. Its copies are offered now, and once more when every instance has read the
     * change: one that another instance took in between, still believing it suspended, was put back for a minute.
     */
    public void resume(String nextHop) {
        if (suspensions.resume(nextHop)) {
            retryNow(nextHop);
            suspensions.onceEveryInstanceKnows(() -> retryNow(nextHop));
        }
    }

    /**
     * Remove-Message: the copies of a queue id leave the delivery queue. With a report, they go to the
     * bounce stage, which tells the sender the message was removed; without, they are deleted.
     * @return how many copies were removed
     */
    public int remove(String queueId, boolean withReport, String by) {
        String filter = propertyEquals(CaravanHeaders.QUEUE_ID, queueId);
        List<Map<String, Object>> removed = stored(QueueNames.DELIVERY, queueId);
        int n;
        if (withReport) {
            n = ((Number) broker.onQueue(QueueNames.DELIVERY, "moveMessages", filter, QueueNames.BOUNCE)).intValue();
            // a copy waiting for its retry keeps its schedule when moved; the report should not wait for it
            broker.onQueue(QueueNames.BOUNCE, "deliverScheduledMessages", filter);
        } else {
            n = ((Number) broker.onQueue(QueueNames.DELIVERY, "removeMessages", filter)).intValue();
        }
        removed.forEach(e -> events.removed(e, withReport, by));
        return n;
    }

    /** The copies that crashed a stage repeatedly. */
    public List<QueuedCopy> poison() {
        long now = System.currentTimeMillis();
        return list(QueueNames.POISON).stream().map(m -> copy(m, now)).toList();
    }

    /** Sends poisoned copies of a queue id (or all, when null) back to the queue they failed on. */
    public int resubmitPoison(String queueId, String by) {
        String filter = queueId == null ? "" : propertyEquals(CaravanHeaders.QUEUE_ID, queueId);
        List<Map<String, Object>> resubmitted = stored(QueueNames.POISON, queueId);
        int n = ((Number) broker.onQueue(QueueNames.POISON, "retryMessages", filter)).intValue();
        resubmitted.forEach(e -> events.resubmitted(e, by));
        return n;
    }

    /** The properties of the copies of a queue id (or all, when null) on a queue: what their tracking events say. */
    private List<Map<String, Object>> stored(String queue, String queueId) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (JsonObject m : list(queue)) {
            if (m.getValue(CaravanHeaders.QUEUE_ID) != null && (queueId == null || queueId.equals(m.getValue(CaravanHeaders.QUEUE_ID).toString()))) {
                out.add(m.getMap());
            }
        }
        return out;
    }

    /** Deletes the poisoned copies of a queue id, tracked as removed without a report; how many went. */
    public int removePoison(String queueId, String by) {
        List<Map<String, Object>> removed = stored(QueueNames.POISON, queueId);
        int n = ((Number) broker.onQueue(QueueNames.POISON, "removeMessages", propertyEquals(CaravanHeaders.QUEUE_ID, queueId))).intValue();
        removed.forEach(e -> events.removed(e, false, by));
        return n;
    }

    private List<JsonObject> list(String queue) {
        List<JsonObject> out = new ArrayList<>();
        if (!broker.queueExists(queue)) {
            return out; // an external broker creates queues on first use
        }
        for (String op : List.of("listMessagesAsJSON", "listScheduledMessagesAsJSON")) {
            Object json = op.equals("listMessagesAsJSON") ? broker.onQueue(queue, op, "") : broker.onQueue(queue, op);
            new JsonArray(String.valueOf(json)).forEach(o -> out.add((JsonObject) o));
        }
        return out;
    }

    private static QueuedCopy copy(JsonObject m, long now) {
        long arrival = number(m, CaravanHeaders.ARRIVAL, now);
        long scheduled = number(m, CaravanHeaders.SCHEDULED_DELIVERY, 0);
        return new QueuedCopy(m.getString(CaravanHeaders.QUEUE_ID, ""), m.getString(CaravanHeaders.NEXT_HOP, ""),
                m.getString(CaravanHeaders.SEND_CONNECTOR, ""), m.getString(CaravanHeaders.MAIL_FROM, ""),
                List.of(m.getString(CaravanHeaders.RECIPIENTS, "").split("\n")),
                number(m, CaravanHeaders.SIZE, 0), Math.max(0, (now - arrival) / 1000),
                (int) number(m, CaravanHeaders.ATTEMPTS, 0), m.getString(CaravanHeaders.LAST_REPLY, ""),
                scheduled > now ? Instant.ofEpochMilli(scheduled) : null, m.getString(CaravanHeaders.POISON_REASON, ""));
    }

    private static long number(JsonObject m, String key, long otherwise) {
        Object v = m.getValue(key);
        if (v instanceof Number n) {
            return n.longValue();
        }
        try {
            return v == null ? otherwise : Long.parseLong(v.toString());
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }
}
