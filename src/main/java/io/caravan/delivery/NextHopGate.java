// Who may deliver to a next hop right now: not while an administrator suspended it, and not beyond its concurrency limit.
package io.caravan.delivery;

import jakarta.inject.Singleton;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * Exchange's Suspend-Queue and per-next-hop connection limits. The state lives in this instance;
 * with several Caravan instances on one broker each keeps its own (a suspension is per instance,
 * and is lifted by a restart).
 */
@Singleton
public class NextHopGate {

    private final int perNextHop;
    private final Map<String, Semaphore> inFlight = new ConcurrentHashMap<>();
    private final Set<String> suspended = ConcurrentHashMap.newKeySet();

    public NextHopGate(DeliveryConfig config) {
        this.perNextHop = config.maxPerNextHop();
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
