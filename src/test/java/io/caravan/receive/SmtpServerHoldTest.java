package io.caravan.receive;

import io.caravan.mail.CaravanHeaders;
import io.caravan.mail.CarriedHold;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** A hold chosen at MAIL or RCPT is set on the end-of-data exchange by the connector, not by a route step. */
class SmtpServerHoldTest {

    private static Exchange exchange() {
        return new DefaultExchange(new DefaultCamelContext());
    }

    @Test
    void aHoldCarriedFromTheDialogueIsOnTheExchangeBeforeAnyStepRuns() {
        Exchange e = exchange();
        SmtpServer.carryHold(e, (CarriedHold) () -> Optional.of("quarantine"));
        assertEquals("quarantine", e.getProperty(CaravanHeaders.HOLD));
    }

    @Test
    void nothingCarriedOrNoHoldLeavesTheExchangeAlone() {
        Exchange e = exchange();
        SmtpServer.carryHold(e, null);
        SmtpServer.carryHold(e, (CarriedHold) Optional::empty);
        SmtpServer.carryHold(e, "something else");
        assertNull(e.getProperty(CaravanHeaders.HOLD));
    }
}
