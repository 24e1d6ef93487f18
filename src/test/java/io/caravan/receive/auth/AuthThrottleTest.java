package io.caravan.receive.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class AuthThrottleTest {

    /** A clock the test moves by hand: no sleeps. */
    private static final class TestClock extends Clock {
        private Instant now = Instant.parse("2030-01-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }

    private static final InetAddress CLIENT = ip("192.0.2.10");
    private static final InetAddress NEIGHBOUR = ip("192.0.2.11");

    private final TestClock clock = new TestClock();
    /** 3 failures within 10 minutes lock out for 1 hour. */
    private final AuthThrottle throttle = new AuthThrottle(3, Duration.ofMinutes(10), Duration.ofHours(1), clock);

    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private void fail(InetAddress ip, int times) {
        for (int i = 0; i < times; i++) {
            throttle.recordFailure(ip);
        }
    }

    @Test
    void staysOpenBelowMaxFailures() {
        fail(CLIENT, 2);

        assertFalse(throttle.isLockedOut(CLIENT));
    }

    @Test
    void locksOutAfterMaxFailuresWithinTheWindow() {
        fail(CLIENT, 1);
        clock.advance(Duration.ofMinutes(4));
        fail(CLIENT, 1);
        clock.advance(Duration.ofMinutes(5));
        fail(CLIENT, 1);

        assertTrue(throttle.isLockedOut(CLIENT));
        assertFalse(throttle.isLockedOut(NEIGHBOUR));
    }

    @Test
    void lockoutExpiresAfterTheLockoutDuration() {
        fail(CLIENT, 3);

        clock.advance(Duration.ofMinutes(59));
        assertTrue(throttle.isLockedOut(CLIENT));
        clock.advance(Duration.ofMinutes(1));
        assertFalse(throttle.isLockedOut(CLIENT));
    }

    @Test
    void afterALockoutExpiresTheClientGetsAllItsAttemptsAgain() {
        fail(CLIENT, 3);
        clock.advance(Duration.ofHours(1));

        fail(CLIENT, 2);

        assertFalse(throttle.isLockedOut(CLIENT));
    }

    @Test
    void failuresDuringALockoutDoNotExtendIt() {
        fail(CLIENT, 3);
        clock.advance(Duration.ofMinutes(50));
        fail(CLIENT, 5);

        clock.advance(Duration.ofMinutes(10));

        assertFalse(throttle.isLockedOut(CLIENT));
    }

    @Test
    void successClearsEarlierFailures() {
        fail(CLIENT, 2);
        throttle.recordSuccess(CLIENT);
        fail(CLIENT, 2);

        assertFalse(throttle.isLockedOut(CLIENT));
    }

    @Test
    void failuresOutsideTheWindowDoNotCount() {
        fail(CLIENT, 2);
        clock.advance(Duration.ofMinutes(10));
        fail(CLIENT, 2);

        assertFalse(throttle.isLockedOut(CLIENT));
    }

    @Test
    void ipv6AddressesInTheSameSlash64ShareOneCount() {
        throttle.recordFailure(ip("2001:db8:1:2::1"));
        throttle.recordFailure(ip("2001:db8:1:2::2"));
        throttle.recordFailure(ip("2001:db8:1:2:ffff::3"));

        assertTrue(throttle.isLockedOut(ip("2001:db8:1:2::99")));
        assertFalse(throttle.isLockedOut(ip("2001:db8:1:3::1")));
    }

    @Test
    void forgetsAddressesIdleLongerThanWindowPlusLockout() {
        fail(CLIENT, 3);
        clock.advance(Duration.ofMinutes(70).plusSeconds(1));

        fail(NEIGHBOUR, 1);

        assertEquals(1, throttle.trackedClients());
        assertFalse(throttle.isLockedOut(CLIENT));
    }

    @Test
    void whenFullDropsTheAddressThatFailedLeastRecently() {
        AuthThrottle small = new AuthThrottle(2, Duration.ofMinutes(10), Duration.ofHours(1), clock, 2);
        small.recordFailure(CLIENT);
        small.recordFailure(CLIENT);
        small.recordFailure(NEIGHBOUR);
        clock.advance(Duration.ofSeconds(1));

        small.recordFailure(ip("198.51.100.1"));

        assertEquals(2, small.trackedClients());
        assertFalse(small.isLockedOut(CLIENT));
    }

    @Test
    void refusesSettingsThatCouldNeverLockOut() {
        assertThrows(IllegalArgumentException.class,
                () -> new AuthThrottle(0, Duration.ofMinutes(10), Duration.ofHours(1), clock));
        assertThrows(IllegalArgumentException.class,
                () -> new AuthThrottle(3, Duration.ZERO, Duration.ofHours(1), clock));
    }
}
