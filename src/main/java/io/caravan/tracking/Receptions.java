// Holds back a message's events while it is being received, so that its RECEIVED comes first.
package io.caravan.tracking;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The receive connector writes the message durably and only then learns that it was received; by then
 * the categorize stage (another thread) may already have routed it, and the agents of the receive route
 * have judged it. So from the end of data ({@link #begin}) until the reply is known ({@link #end}),
 * events about that queue id wait in a small list of their own; {@link #end} fires the ending event
 * (RECEIVED) and then the held ones, in the order they came. The session always ends its reception
 * (in a finally), so no list outlives the reply to the final dot. Routing runs before the 250 (10-receive.yaml), so a
 * message that is not received after all (its write was rolled back, the client told 451) was not routed either: its
 * ROUTED events are dropped, the agents' verdicts kept.
 */
final class Receptions {

    private final Consumer<TrackingEvent> sink;
    private final Map<String, Held> open = new ConcurrentHashMap<>();

    Receptions(Consumer<TrackingEvent> sink) {
        this.sink = sink;
    }

    void begin(String queueId) {
        open.putIfAbsent(queueId, new Held());
    }

    /** Fires the event now, or holds it while its message is being received. */
    void emit(TrackingEvent e) {
        Held held = open.get(e.queueId());
        if (held != null) {
            synchronized (held) {
                if (!held.ended) {
                    held.events.add(e);
                    return;
                }
            } // ended: the flush that ended it has fired everything before releasing the lock
        }
        sink.accept(e);
    }

    /** Fires without looking at receptions: an event that belongs to no message. */
    void fire(TrackingEvent e) {
        sink.accept(e);
    }

    /** Ends the reception: {@code first} (may be null) is fired, then what was held. A second call does nothing more. */
    void end(String queueId, TrackingEvent first) {
        Held held = open.get(queueId);
        if (held == null) {
            if (first != null) {
                sink.accept(first);
            }
            return;
        }
        synchronized (held) {
            if (first != null) {
                sink.accept(first);
            }
            if (!held.ended) {
                held.ended = true;
                for (TrackingEvent e : held.events) {
                    if (first != null || e.event() != TrackingEvent.Type.ROUTED) {
                        sink.accept(e);
                    }
                }
                held.events.clear();
            }
        }
        open.remove(queueId, held);
    }

    /** How many receptions are open: for tests that prove none is left behind. */
    int open() {
        return open.size();
    }

    private static final class Held {
        final List<TrackingEvent> events = new ArrayList<>(4);
        boolean ended;
    }
}
