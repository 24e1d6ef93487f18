package io.caravan.check;

import io.caravan.check.authresults.AuthenticationResults.MethodResult;
import io.caravan.mail.ClientTrust;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.caravan.check.AgentFixture.HOSTNAME;
import static io.caravan.check.AgentFixture.exchange;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The stamp gathers every verdict, in the order the agents ran; it knows no agent by name. */
class AuthenticationResultsStampTest {

    private static final String MESSAGE = "Authentication-Results: " + HOSTNAME + "; spf=pass smtp.mailfrom=forged.example\r\n"
            + "Authentication-Results: other.example; dkim=pass\r\nFrom: a@example.org\r\n\r\nbody\r\n";

    private final AgentFixture fixture = new AgentFixture();
    private final AuthenticationResultsStamp stamp = new AuthenticationResultsStamp(fixture.identity);

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void oneFieldFromAllVerdictsThenTheAgentsFieldsAndTheForgedFieldIsGone() {
        Exchange exchange = exchange(MESSAGE, "a@example.org", "192.0.2.1", "client", ClientTrust.ANONYMOUS);
        Inspection inspection = Inspection.of(exchange);
        inspection.add(Verdict.of("first", "pass", "").withAuthResults(List.of(MethodResult.of("spf", "pass"))));
        inspection.add(Verdict.of("second", "match", "").withField("X-Second", "yes"));
        inspection.add(Verdict.of("third", "none", "").withAuthResults(List.of(MethodResult.of("dkim", "none"))));
        stamp.process(exchange);
        assertEquals("Authentication-Results: " + HOSTNAME + ";\r\n\tspf=pass;\r\n\tdkim=none\r\nX-Second: yes\r\n"
                + "Authentication-Results: other.example; dkim=pass\r\nFrom: a@example.org\r\n\r\nbody\r\n", AgentFixture.body(exchange));
    }

    @Test
    void aMessageNoAgentInspectedIsLeftAsItIs() {
        Exchange exchange = exchange(MESSAGE, "a@example.org", "192.0.2.1", "client", ClientTrust.AUTHENTICATED);
        stamp.process(exchange);
        assertEquals(MESSAGE, AgentFixture.body(exchange));
    }
}
