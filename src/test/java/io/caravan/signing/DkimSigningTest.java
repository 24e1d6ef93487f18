package io.caravan.signing;

import io.caravan.config.CaravanConfig;
import io.caravan.mail.CaravanHeaders;
import io.caravan.mail.ClientTrust;
import io.caravan.mail.RawMessage;
import io.caravan.testing.ConfigStub;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Only our own mail is signed, and only for From domains that have a key. */
class DkimSigningTest {

    private static final String MESSAGE = "From: Alice <alice@example.com>\r\nSubject: hi\r\n\r\nbody\r\n";

    @TempDir
    Path dataDir;

    private DkimSigning signing() {
        DkimConfig.Domain domain = ConfigStub.of(DkimConfig.Domain.class, Map.of("selector", "s1", "algorithm", "rsa-sha256",
                "privateKey", Optional.empty(), "ed25519Selector", "e1", "ed25519PrivateKey", Optional.empty()));
        DkimConfig config = ConfigStub.of(DkimConfig.class, Map.of("dkim", Map.of("example.com", domain)));
        return new DkimSigning(new DkimKeyring(config, ConfigStub.of(CaravanConfig.class, Map.of("dataDir", dataDir.toString()))));
    }

    private static String signed(DkimSigning signing, String message, ClientTrust trust) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getIn().setBody(RawMessage.of(message.getBytes(StandardCharsets.UTF_8)));
        exchange.getIn().setHeader(CaravanHeaders.QUEUE_ID, "Q1");
        exchange.getIn().setHeader(CaravanHeaders.CLIENT_TRUST, trust.wire());
        signing.sign(exchange);
        return new String(exchange.getIn().getBody(RawMessage.class).head(), StandardCharsets.UTF_8);
    }

    @Test
    void signsMailFromAuthenticatedUsersAndRelayRanges() {
        DkimSigning signing = signing();
        for (ClientTrust own : new ClientTrust[] {ClientTrust.AUTHENTICATED, ClientTrust.RELAY}) {
            String out = signed(signing, MESSAGE, own);
            assertTrue(out.startsWith("DKIM-Signature: ") && out.contains("a=rsa-sha256;"), own + ": " + out);
            assertTrue(out.contains("d=example.com;") && out.contains("s=s1;"), out);
            assertTrue(out.endsWith(MESSAGE), "nothing but the prepended field changes");
        }
    }

    @Test
    void neverSignsMailFromTheInternetThatClaimsOurDomain() {
        assertEquals(MESSAGE, signed(signing(), MESSAGE, ClientTrust.ANONYMOUS));
    }

    @Test
    void leavesOwnMailForADomainWithoutAKeyUnsigned() {
        String other = MESSAGE.replace("example.com", "example.net");
        assertEquals(other, signed(signing(), other, ClientTrust.AUTHENTICATED));
    }
}
