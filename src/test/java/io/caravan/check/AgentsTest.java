package io.caravan.check;

import io.caravan.mail.CaravanHeaders;
import io.caravan.mail.ClientTrust;
import io.caravan.mail.SmtpReply;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.caravan.check.AgentFixture.exchange;
import static io.caravan.check.AgentFixture.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How a verdict becomes a decision: when an agent runs, what each action does with its wish, what is recorded. */
class AgentsTest {

    private static final String MESSAGE = "From: a@example.org\r\nSubject: hi\r\n\r\nbody\r\n";
    private static final SmtpReply NO = SmtpReply.of(550, "5.7.1", "no");

    private AgentFixture fixture;

    @AfterEach
    void close() {
        if (fixture != null) {
            fixture.close();
        }
    }

    /** An agent that always answers the given verdict and counts its calls. */
    private static final class Scripted extends InspectionAgent {
        private final Verdict.Wish wish;
        int calls;

        Scripted(Agents agents, Verdict.Wish wish) {
            super(agents);
            this.wish = wish;
        }

        @Override
        public String name() {
            return "scripted";
        }

        @Override
        public Verdict inspect(Inspection inspection) {
            calls++;
            Verdict v = Verdict.of(name(), "fail", "scripted reason").withField("X-Scripted", "seen");
            return switch (wish) {
                case ACCEPT -> v;
                case QUARANTINE -> v.quarantine();
                case REFUSE -> v.refuse(NO);
            };
        }
    }

    private Exchange run(Map<String, ChecksConfig.Agent> settings, Verdict.Wish wish, ClientTrust trust) throws Exception {
        fixture = new AgentFixture(settings);
        Exchange exchange = exchange(MESSAGE, "a@example.org", "192.0.2.1", "client.example.org", trust);
        new Scripted(fixture.agents, wish).process(exchange);
        return exchange;
    }

    @Test
    void refusesWhenTheAgentAsksAndTheActionIsReject() throws Exception {
        Exchange exchange = run(Map.of("scripted", settings("reject")), Verdict.Wish.REFUSE, ClientTrust.ANONYMOUS);
        assertEquals(NO, exchange.getIn().getHeader(CaravanHeaders.SMTP_REPLY));
        assertEquals(1.0, fixture.metrics.counter("caravan.agent.verdicts", "agent", "scripted", "result", "fail", "action", "refused").count());
    }

    @Test
    void quarantinesARefusalWhenTheActionIsQuarantine() throws Exception {
        Exchange exchange = run(Map.of("scripted", settings("quarantine")), Verdict.Wish.REFUSE, ClientTrust.ANONYMOUS);
        assertNull(exchange.getIn().getHeader(CaravanHeaders.SMTP_REPLY));
        assertTrue(AgentFixture.body(exchange).startsWith(Quarantine.FIELD + ": scripted: scripted reason\r\n"), AgentFixture.body(exchange));
    }

    @Test
    void onlyRecordsWhenTheActionIsIgnore() throws Exception {
        Exchange exchange = run(Map.of("scripted", settings("ignore")), Verdict.Wish.REFUSE, ClientTrust.ANONYMOUS);
        assertNull(exchange.getIn().getHeader(CaravanHeaders.SMTP_REPLY));
        assertEquals(MESSAGE, AgentFixture.body(exchange));
        assertEquals(1, Inspection.of(exchange).verdicts().size());
        assertEquals(1.0, fixture.metrics.counter("caravan.agent.verdicts", "agent", "scripted", "result", "fail", "action", "recorded").count());
    }

    @Test
    void theAgentsDefaultActionAppliesWhenNoneIsConfigured() throws Exception {
        Exchange exchange = run(Map.of(), Verdict.Wish.QUARANTINE, ClientTrust.ANONYMOUS); // default: ignore
        assertEquals(MESSAGE, AgentFixture.body(exchange));
    }

    @Test
    void inspectsOnlyMailFromTheInternetByDefault() throws Exception {
        for (ClientTrust own : List.of(ClientTrust.AUTHENTICATED, ClientTrust.RELAY)) {
            fixture = new AgentFixture(Map.of("scripted", settings("reject")));
            Scripted agent = new Scripted(fixture.agents, Verdict.Wish.REFUSE);
            Exchange exchange = exchange(MESSAGE, "a@example.org", "192.0.2.1", "client", own);
            agent.process(exchange);
            assertEquals(0, agent.calls, own + " mail is our own");
            assertNull(exchange.getIn().getHeader(CaravanHeaders.SMTP_REPLY));
            fixture.close();
        }
        fixture = null;
    }

    @Test
    void appliesToTheTrustsConfigured() throws Exception {
        Exchange exchange = run(Map.of("scripted", settings("reject", "authenticated")), Verdict.Wish.REFUSE, ClientTrust.AUTHENTICATED);
        assertEquals(NO, exchange.getIn().getHeader(CaravanHeaders.SMTP_REPLY));
    }

    @Test
    void skipsAgentsOnceAReplyIsChosen() throws Exception {
        fixture = new AgentFixture(Map.of("scripted", settings("reject")));
        Scripted agent = new Scripted(fixture.agents, Verdict.Wish.REFUSE);
        Exchange exchange = exchange(MESSAGE, "a@example.org", "192.0.2.1", "client", ClientTrust.ANONYMOUS);
        exchange.getIn().setHeader(CaravanHeaders.SMTP_REPLY, SmtpReply.of(451, "4.3.0", "earlier"));
        agent.process(exchange);
        assertEquals(0, agent.calls);
    }

    @Test
    void nothingRunsWhenTheChecksAreDisabled() throws Exception {
        fixture = new AgentFixture(false, Map.of("scripted", settings("reject")));
        Scripted agent = new Scripted(fixture.agents, Verdict.Wish.REFUSE);
        agent.process(exchange(MESSAGE, "a@example.org", "192.0.2.1", "client", ClientTrust.ANONYMOUS));
        assertEquals(0, agent.calls);
    }

    @Test
    void aBadActionOrTrustIsAnErrorNamingTheKey() {
        fixture = new AgentFixture(Map.of("scripted", settings("drop")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> fixture.agents.settings(new Scripted(fixture.agents, Verdict.Wish.ACCEPT)));
        assertEquals("caravan.checks.scripted.action: 'drop' is not one of reject, quarantine, ignore", e.getMessage());
        fixture.close();
        fixture = new AgentFixture(Map.of("scripted", settings("reject", "everyone")));
        e = assertThrows(IllegalArgumentException.class, () -> fixture.agents.settings(new Scripted(fixture.agents, Verdict.Wish.ACCEPT)));
        assertEquals("caravan.checks.scripted.applies-to: 'everyone' is not one of authenticated, relay, anonymous", e.getMessage());
    }

    @Test
    void aVerdictCannotAskToRefuseWithoutAReply() {
        assertThrows(IllegalArgumentException.class, () -> new Verdict("x", "fail", "", Verdict.Wish.REFUSE,
                java.util.Optional.empty(), List.of(), List.of(), null));
        assertFalse(Verdict.of("x", "pass", "").refusal().isPresent());
    }
}
