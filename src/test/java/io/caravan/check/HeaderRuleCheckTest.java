package io.caravan.check;

import io.caravan.mail.CaravanHeaders;
import io.caravan.mail.ClientTrust;
import io.caravan.mail.SmtpReply;
import io.caravan.testing.ConfigStub;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static io.caravan.check.AgentFixture.exchange;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The example agent: one class, one YAML step, one config block. */
class HeaderRuleCheckTest {

    private static final String SPAM = "From: a@example.org\r\nSubject: Best\r\n casino offers\r\n\r\nbody\r\n";

    private AgentFixture fixture;

    @AfterEach
    void close() {
        fixture.close();
    }

    private HeaderRuleCheck rule(String action, String field, String pattern) {
        fixture = new AgentFixture(action == null ? Map.of() : Map.of("header-rule", AgentFixture.settings(action)));
        return new HeaderRuleCheck(fixture.agents, ConfigStub.of(HeaderRuleCheck.Rule.class,
                Map.of("field", Optional.ofNullable(field), "pattern", Optional.ofNullable(pattern))));
    }

    private static Exchange message(String text) {
        return exchange(text, "a@example.org", "192.0.2.1", "client", ClientTrust.ANONYMOUS);
    }

    @Test
    void refusesAMatchingFoldedSubjectByDefault() throws Exception {
        Exchange exchange = message(SPAM);
        rule(null, "Subject", "(?i)casino").process(exchange);
        SmtpReply reply = exchange.getIn().getHeader(CaravanHeaders.SMTP_REPLY, SmtpReply.class);
        assertEquals(550, reply.code());
        assertEquals("5.7.1", reply.enhancedCode());
        assertTrue(reply.text().contains("Subject contains \"casino\""), reply.text());
    }

    @Test
    void withActionIgnoreTheMessageIsTaggedInsteadOnceStamped() throws Exception {
        Exchange exchange = message(SPAM);
        rule("ignore", "Subject", "casino").process(exchange);
        new AuthenticationResultsStamp(fixture.identity).process(exchange);
        assertNull(exchange.getIn().getHeader(CaravanHeaders.SMTP_REPLY));
        assertTrue(AgentFixture.body(exchange).startsWith("X-Caravan-Header-Rule: Subject contains \"casino\"\r\n"), AgentFixture.body(exchange));
    }

    @Test
    void aMessageThatDoesNotMatchIsRecordedAsNone() throws Exception {
        Exchange exchange = message("From: a@example.org\r\nSubject: lunch\r\n\r\nbody\r\n");
        rule(null, "Subject", "casino").process(exchange);
        assertNull(exchange.getIn().getHeader(CaravanHeaders.SMTP_REPLY));
        assertEquals("none", Inspection.of(exchange).verdicts().get(0).result());
    }

    @Test
    void withoutAPatternTheAgentIsOffAndRecordsNothing() throws Exception {
        HeaderRuleCheck check = rule(null, null, null);
        assertFalse(check.enabled());
        Exchange exchange = message(SPAM);
        check.process(exchange);
        assertTrue(Inspection.of(exchange).verdicts().isEmpty());
    }

    @Test
    void aBadPatternIsAConfigurationErrorNamingTheKey() {
        fixture = new AgentFixture();
        HeaderRuleCheck check = new HeaderRuleCheck(fixture.agents,
                ConfigStub.of(HeaderRuleCheck.Rule.class, Map.of("field", Optional.empty(), "pattern", Optional.of("(unclosed"))));
        assertFalse(check.enabled());
        assertTrue(check.configurationErrors().get(0).startsWith("caravan.checks.header-rule.pattern: not a regular expression"),
                check.configurationErrors().toString());
    }
}
