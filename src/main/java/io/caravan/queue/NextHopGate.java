// Who may deliver to a next hop right now: not while an administrator suspended it, and not beyond its concurrency limit.
package io.caravan.queue;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * Exchange's Suspend-Queue and per-next-hop connection limits. The state lives in this instance;
 * with several Caravan instances on one broker each keeps its own (a suspension is per instance,
 * and is lifted by a restart). The delivery stage makes the one instance, with the limit
 * {@code caravan.delivery.max-per-next-hop} (DeliveryLimits, in the delivery package); the queue viewer
 * reads and changes its suspensions.
 */
public class NextHopGate {

    private final int perNextHop;
    private final Map<String, Semaphore> inFlight = new ConcurrentHashMap<>();
    private final Set<String> suspended = ConcurrentHashMap.newKeySet();

    public NextHopGate(int perNextHop) {
        this.perNextHop = perNextHop;
    }

    /** A permit to deliver to the next hop, to be closed afterwards; empty when suspended or at the limit. */
    public Optional<AutoCloseable> enter(String nextHop) {
        if (suspended.contains(nextHop)) {
            return Optional.empty();
        }
        Semaphore s = inFlight.computeIfAbsent(nextHop, k -> new Semaphore(perNextHop));
        if (!s.tryAcquire()) {
            return Optional.empty();
        }
        return Optional.of(s::release);
    }

    public boolean isSuspended(String nextHop) {
        return suspended.contains(nextHop);
    }

    public void suspend(String nextHop) {
        suspended.add(nextHop);
    }

    /** @return true when the next hop was suspended */
    public boolean resume(String nextHop) {
        return suspended.remove(nextHop);
    }

    public Set<String> suspended() {
        return Set.copyOf(suspended);
    }
}
