// Disposition: the wire form in header CaravanDisposition stays what copies already queued carry.
package io.caravan.mail;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

class DispositionTest {

    @Test
    void theWireFormIsTheLowerCaseWordEarlierVersionsQueued() {
        assertEquals(List.of("deliver", "retry", "bounce", "delay", "success"), Stream.of(Disposition.values()).map(Disposition::wire).toList());
    }

    @Test
    void aQueuedValueReadsBackInAnyCase() {
        assertEquals(Disposition.RETRY, Disposition.fromWire("retry"));
        assertEquals(Disposition.DELAY, Disposition.fromWire("DELAY"));
    }

    @Test
    void anUnknownValueIsNamedInTheError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Disposition.fromWire("later"));
        assertTrue(e.getMessage().contains("'later'"), e.getMessage());
    }

    @Test
    void onlyBounceDelayAndSuccessAskForAReport() {
        assertEquals(List.of(Disposition.BOUNCE, Disposition.DELAY, Disposition.SUCCESS),
                Stream.of(Disposition.values()).filter(Disposition::isReport).toList());
    }
}
