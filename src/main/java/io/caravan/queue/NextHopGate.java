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
    /** More suspended next hops than any site has; a bound on memory, not a policy. */
    static final int MAX_SUSPENDED = 1000;
    private static final java.util.regex.Pattern NEXT_HOP = java.util.regex.Pattern.compile("[A-Za-z0-9._:\\[\\]-]{1,255}");
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

    /**
     * @throws IllegalArgumentException for a name no next hop can have, or past {@link #MAX_SUSPENDED}: the set lives
     *         in memory, and a caller must not be able to grow it without bound
     */
    public void suspend(String nextHop) {
        if (!NEXT_HOP.matcher(nextHop).matches()) {
            throw new IllegalArgumentException("'" + (nextHop.length() > 80 ? nextHop.substring(0, 80) + "..." : nextHop) + "' is not a next hop (a host name, [address] or connector name)");
        }
        if (suspended.size() >= MAX_SUSPENDED && !suspended.contains(nextHop)) {
            throw new IllegalArgumentException("already " + MAX_SUSPENDED + " next hops suspended; resume some first");
        }
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
