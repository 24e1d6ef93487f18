// Who may deliver to a next hop right now: not while an administrator suspended it, and not beyond its concurrency limit.
package io.caravan.queue;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.regex.Pattern;

/**
 * Exchange's Suspend-Queue and per-next-hop connection limits. The limit
 * ({@code caravan.delivery.max-per-next-hop}, DeliveryLimits in the delivery package) is per instance: with
 * several instances on one broker, up to instances x limit deliveries go to one next hop at once. The
 * suspensions are the broker's ({@link Suspensions} keeps them there and hands this gate a snapshot), so delivery
 * reads memory and never waits for the broker. Until the first snapshot arrives nothing is admitted: a copy taken
 * right after a restart must not slip past a suspension that is still in force.
 */
public class NextHopGate {

    /** One suspended next hop: who suspended it (an admin token's name) and since when. */
    public record Suspension(String nextHop, String by, Instant since) {
    }

    /** More suspended next hops than any site has; a bound on memory and on the broker's queue, not a policy. */
    static final int MAX_SUSPENDED = 1000;
    private static final Pattern NEXT_HOP = Pattern.compile("[A-Za-z0-9._:\\[\\]-]{1,255}");

    private final int perNextHop;
    private final Map<String, Semaphore> inFlight = new ConcurrentHashMap<>();
    private volatile Map<String, Suspension> suspended = Map.of();
    private volatile boolean known = true;

    public NextHopGate(int perNextHop) {
        this.perNextHop = perNextHop;
    }

    /** A permit to deliver to the next hop, to be closed afterwards; empty when suspended, at the limit, or not yet known. */
    public Optional<AutoCloseable> enter(String nextHop) {
        if (!known || suspended.containsKey(nextHop)) {
            return Optional.empty();
        }
        Semaphore s = inFlight.computeIfAbsent(nextHop, k -> new Semaphore(perNextHop));
        if (!s.tryAcquire()) {
            return Optional.empty();
        }
        return Optional.of(s::release);
    }

    /** Deliveries to one next hop at once, in this instance. */
    public int perNextHop() {
        return perNextHop;
    }

    public boolean isSuspended(String nextHop) {
        return suspended.containsKey(nextHop);
    }

    public Set<String> suspended() {
        return suspended.keySet();
    }

    public Map<String, Suspension> suspensions() {
        return suspended;
    }

    /** Admits nobody until {@link #snapshot} is first called (at start-up, before the suspensions are read). */
    public void awaitSnapshot() {
        known = false;
    }

    /** Replaces the suspensions with the broker's; from now on the gate admits what they allow. */
    public void snapshot(Map<String, Suspension> current) {
        suspended = Map.copyOf(current);
        known = true;
    }

    /** Whether the suspensions have been read since start-up. */
    public boolean known() {
        return known;
    }

    /** @throws IllegalArgumentException for a name no next hop can have (host name, [address] or connector name) */
    public static String checkNextHop(String nextHop) {
        if (nextHop == null || !NEXT_HOP.matcher(nextHop).matches()) {
            String shown = nextHop == null ? "" : nextHop.length() > 80 ? nextHop.substring(0, 80) + "..." : nextHop;
            throw new IllegalArgumentException("'" + shown + "' is not a next hop (a host name, [address] or connector name)");
        }
        return nextHop;
    }
}
