// HookResult: what a hook answers; a rejection carries a 5xx reply and a deferral a 4xx one, never the other way.
package io.caravan.receive.hook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.mail.SmtpReply;
import org.junit.jupiter.api.Test;

class HookResultTest {

    @Test
    void nextIsNotDecisiveAndRefusesNothing() {
        assertFalse(HookResult.next().isDecisive());
        assertFalse(HookResult.next().refuses());
    }

    @Test
    void acceptIsDecisiveButRefusesNothing() {
        assertTrue(HookResult.accept().isDecisive());
        assertFalse(HookResult.accept().refuses());
    }

    @Test
    void rejectAndDeferAreDecisiveRefusalsCarryingTheirReply() {
        SmtpReply no = SmtpReply.of(550, "5.7.1", "No");
        SmtpReply later = SmtpReply.of(450, "4.7.1", "Later");

        assertTrue(HookResult.reject(no).refuses());
        assertEquals(no, HookResult.reject(no).reply());
        assertTrue(HookResult.defer(later).refuses());
        assertEquals(later, HookResult.defer(later).reply());
    }

    @Test
    void aRejectionNeedsA5xxAndADeferralA4xx() {
        assertThrows(IllegalArgumentException.class, () -> HookResult.reject(SmtpReply.of(450, "4.7.1", "Later")));
        assertThrows(IllegalArgumentException.class, () -> HookResult.defer(SmtpReply.of(550, "5.7.1", "No")));
    }
}
