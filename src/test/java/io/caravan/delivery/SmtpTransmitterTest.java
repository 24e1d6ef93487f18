package io.caravan.delivery;

import org.apache.camel.component.mail.DefaultJavaMailSender;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class SmtpTransmitterTest {

    @Test
    void endpointsAreReusedPerHostAndPortAndTheirCacheIsBounded() throws Exception {
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            camel.getRegistry().bind("caravanMailSender", new DefaultJavaMailSender());
            camel.start();
            SmtpTransmitter transmitter = new SmtpTransmitter(camel);
            assertSame(transmitter.endpoint("192.0.2.1:25"), transmitter.endpoint("192.0.2.1:25"));
            for (int i = 0; i < SmtpTransmitter.ENDPOINT_CACHE_SIZE + 50; i++) {
                transmitter.endpoint("10.0." + (i / 250) + "." + (i % 250) + ":25"); // an internet relay meets ever new MX hosts
            }
            assertEquals(SmtpTransmitter.ENDPOINT_CACHE_SIZE, transmitter.cachedEndpoints());
        }
    }
}
