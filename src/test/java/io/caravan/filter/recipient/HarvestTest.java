package io.caravan.filter.recipient;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HarvestTest {

    private final Harvest harvest = new Harvest(5, Duration.ofSeconds(2), 10);

    @Test
    void repliesAreDelayedOnceTheSessionHasAskedForEnoughUnknownRecipients() {
        assertEquals(Duration.ZERO, harvest.delayFor(4));
        assertEquals(Duration.ofSeconds(2), harvest.delayFor(5));
        assertEquals(Duration.ofSeconds(2), harvest.delayFor(9), "a fixed delay, not a growing one");
    }

    @Test
    void theSessionIsClosedOnTheUnknownRecipientThatReachesTheLimit() {
        assertFalse(harvest.disconnects(9));
        assertTrue(harvest.disconnects(10));
    }

    @Test
    void zeroTurnsEachStepOff() {
        Harvest off = new Harvest(0, Duration.ofSeconds(2), 0);
        assertEquals(Duration.ZERO, off.delayFor(1000));
        assertFalse(off.disconnects(1000));
    }
}
