// Locks out a client address that fails SMTP AUTH too often, against password guessing.
package io.caravan.receive.auth;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * After {@code maxFailures} failed AUTH attempts within {@code window}, the address is locked out for
 * {@code lockout}; a success forgets its failures. The SMTP server asks {@link #isLockedOut} before
 * verifying a password, so a locked-out client costs no bcrypt work.
 *
 * <p>IPv6 clients are counted per /64, since one host usually owns a whole /64 and could otherwise
 * rotate addresses between guesses. Memory is bounded: entries idle for longer than window + lockout
 * are dropped, and beyond {@value #MAX_TRACKED} addresses the one that failed least recently goes.
 */
public final class AuthThrottle {

    static final int MAX_TRACKED = 100_000;

    /** Failures still inside the window (at most maxFailures) and the end of a lockout, if any. */
    private static final class Client {
        final Deque<Instant> failures = new ArrayDeque<>();
        Instant lockedUntil;
        Instant lastFailure;
    }

    private final int maxFailures;
    private final Duration window;
    private final Duration lockout;
    private final Clock clock;
    private final int maxTracked;
    /** In order of last failure, oldest first, because recordFailure re-inserts. */
    private final LinkedHashMap<String, Client> clients = new LinkedHashMap<>();

    public AuthThrottle(int maxFailures, Duration window, Duration lockout, Clock clock) {
        this(maxFailures, window, lockout, clock, MAX_TRACKED);
    }

    AuthThrottle(int maxFailures, Duration window, Duration lockout, Clock clock, int maxTracked) {
        if (maxFailures < 1 || !isPositive(window) || !isPositive(lockout) || maxTracked < 1) {
            throw new IllegalArgumentException("AuthThrottle needs maxFailures >= 1 and positive window and lockout");
        }
        this.maxFailures = maxFailures;
        this.window = window;
        this.lockout = lockout;
        this.clock = clock;
        this.maxTracked = maxTracked;
    }

    public synchronized boolean isLockedOut(InetAddress ip) {
        Client client = clients.get(keyOf(ip));
        return client != null && client.lockedUntil != null && clock.instant().isBefore(client.lockedUntil);
    }

    public synchronized void recordFailure(InetAddress ip) {
        Instant now = clock.instant();
        evictIdle(now);
        String key = keyOf(ip);
        Client client = clients.remove(key);
        if (client == null) {
            client = new Client();
        }
        if (client.lockedUntil != null && !now.isBefore(client.lockedUntil)) {
            client.lockedUntil = null; // served its lockout: a fresh start
        }
        if (client.lockedUntil == null) {
            countFailure(client, now);
        }
        client.lastFailure = now;
        clients.put(key, client);
        if (clients.size() > maxTracked) {
            clients.remove(clients.keySet().iterator().next());
        }
    }

    public synchronized void recordSuccess(InetAddress ip) {
        clients.remove(keyOf(ip));
    }

    synchronized int trackedClients() {
        return clients.size();
    }

    private void countFailure(Client client, Instant now) {
        Instant windowStart = now.minus(window);
        while (!client.failures.isEmpty() && !client.failures.peekFirst().isAfter(windowStart)) {
            client.failures.removeFirst();
        }
        client.failures.addLast(now);
        if (client.failures.size() >= maxFailures) {
            client.failures.clear();
            client.lockedUntil = now.plus(lockout);
        }
    }

    /** Stops at the first recent entry: the map is ordered by last failure. */
    private void evictIdle(Instant now) {
        Instant idleBefore = now.minus(window).minus(lockout);
        Iterator<Map.Entry<String, Client>> oldestFirst = clients.entrySet().iterator();
        while (oldestFirst.hasNext() && oldestFirst.next().getValue().lastFailure.isBefore(idleBefore)) {
            oldestFirst.remove();
        }
    }

    private static String keyOf(InetAddress ip) {
        byte[] address = ip.getAddress();
        int significant = ip instanceof Inet6Address ? 8 : address.length;
        return HexFormat.of().formatHex(address, 0, significant);
    }

    private static boolean isPositive(Duration d) {
        return !d.isNegative() && !d.isZero();
    }
}
