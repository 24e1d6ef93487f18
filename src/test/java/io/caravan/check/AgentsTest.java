package io.caravan.check;

import io.caravan.mail.CaravanHeaders;
import io.caravan.mail.ClientTrust;
import io.caravan.mail.SmtpReply;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.caravan.mail.RawMessage;

import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

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
        RawMessage rewrite;
        boolean antiSpam;
        Set<CheckAction> accepted = CheckAction.COMMON;

        Scripted(Agents agents, Verdict.Wish wish) {
            super(agents);
            this.wish = wish;
        }

        @Override
        public String name() {
            return "scripted";
        }

        @Override
        public Set<CheckAction> actions() {
            return accepted;
        }

        @Override
        public boolean isAntiSpam() {
            return antiSpam;
        }

        @Override
        public Verdict inspect(Inspection inspection) {
            calls++;
            Verdict v = Verdict.of(name(), "fail", "scripted reason").withField("X-Scripted", "seen");
            if (rewrite != null) {
                v = v.withRewrite(rewrite);
            }
            return switch (wish) {
                case ACCEPT -> v;
                case TAG -> v.tag();
                case QUARANTINE -> v.quarantine();
                case DELETE -> v.delete();
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
        assertEquals("quarantine", exchange.getProperty(Inspection.HOLD_PROPERTY));
        assertEquals("scripted reason", Inspection.of(exchange).heldBy().orElseThrow().reason());
        assertEquals(MESSAGE, AgentFixture.body(exchange), "held as received");
    }

    @Test
    void underTagTheRewriteIsDeliveredAndNothingIsHeld() throws Exception {
        fixture = new AgentFixture(Map.of("scripted", settings("tag")));
        Scripted agent = new Scripted(fixture.agents, Verdict.Wish.REFUSE);
        agent.rewrite = RawMessage.of("Subject: [SPAM] hi\r\n\r\nbody\r\n".getBytes(StandardCharsets.UTF_8));
        Exchange exchange = exchange(MESSAGE, "a@example.org", "192.0.2.1", "client", ClientTrust.ANONYMOUS);
        agent.process(exchange);
        assertNull(exchange.getIn().getHeader(CaravanHeaders.SMTP_REPLY));
        assertNull(exchange.getProperty(Inspection.HOLD_PROPERTY));
        assertEquals("Subject: [SPAM] hi\r\n\r\nbody\r\n", AgentFixture.body(exchange));
        assertEquals(1.0, fixture.metrics.counter("caravan.agent.verdicts", "agent", "scripted", "result", "fail", "action", "tagged").count());
    }

    @Test
    void underDeleteARefusalIsDroppedAndLaterAgentsDoNotRun() throws Exception {
        fixture = new AgentFixture(Map.of("scripted", settings("delete")));
        Exchange exchange = exchange(MESSAGE, "a@example.org", "192.0.2.1", "client", ClientTrust.ANONYMOUS);
        Scripted first = new Scripted(fixture.agents, Verdict.Wish.REFUSE);
        first.accepted = EnumSet.of(CheckAction.REJECT, CheckAction.DELETE, CheckAction.IGNORE);
        first.process(exchange);
        assertEquals("delete", exchange.getProperty(Inspection.HOLD_PROPERTY));
        Scripted later = new Scripted(fixture.agents, Verdict.Wish.ACCEPT);
        later.process(exchange);
        assertEquals(0, later.calls);
    }

    @Test
    void eachActionCapsTheWish() {
        Verdict refuse = Verdict.of("a", "spam", "").refuse(NO);
        assertEquals(Agents.Outcome.REFUSED, Agents.outcome(refuse, CheckAction.REJECT));
        assertEquals(Agents.Outcome.QUARANTINED, Agents.outcome(refuse, CheckAction.QUARANTINE));
        assertEquals(Agents.Outcome.TAGGED, Agents.outcome(refuse, CheckAction.TAG));
        assertEquals(Agents.Outcome.TAGGED, Agents.outcome(refuse, CheckAction.STRIP));
        assertEquals(Agents.Outcome.DELETED, Agents.outcome(refuse, CheckAction.DELETE));
        assertEquals(Agents.Outcome.RECORDED, Agents.outcome(refuse, CheckAction.IGNORE));
        Verdict delete = Verdict.of("a", "scl=9", "").delete();
        assertEquals(Agents.Outcome.DELETED, Agents.outcome(delete, CheckAction.REJECT));
        assertEquals(Agents.Outcome.QUARANTINED, Agents.outcome(delete, CheckAction.QUARANTINE));
        assertEquals(Agents.Outcome.TAGGED, Agents.outcome(delete, CheckAction.TAG));
        Verdict quarantine = Verdict.of("a", "scl=6", "").quarantine();
        assertEquals(Agents.Outcome.QUARANTINED, Agents.outcome(quarantine, CheckAction.REJECT));
        assertEquals(Agents.Outcome.TAGGED, Agents.outcome(quarantine, CheckAction.TAG));
        assertEquals(Agents.Outcome.TAGGED, Agents.outcome(Verdict.of("a", "scl=5", "").tag(), CheckAction.QUARANTINE));
        assertEquals(Agents.Outcome.RECORDED, Agents.outcome(Verdict.of("a", "clean", ""), CheckAction.REJECT));
    }

    @Test
    void aHoldForRetryStandsUnderEveryActionButIgnore() {
        Verdict hold = Verdict.of("a", "temperror", "engine down").refuse(SmtpReply.of(451, "4.7.0", "try later"));
        for (CheckAction action : List.of(CheckAction.REJECT, CheckAction.QUARANTINE, CheckAction.TAG, CheckAction.DELETE)) {
            assertEquals(Agents.Outcome.REFUSED, Agents.outcome(hold, action), action.toString());
        }
        assertEquals(Agents.Outcome.RECORDED, Agents.outcome(hold, CheckAction.IGNORE));
    }

    @Test
    void appliesOnlyToTheConnectorsConfigured() throws Exception {
        fixture = new AgentFixture(Map.of("scripted", settings("reject", List.of("internet"))));
        Scripted agent = new Scripted(fixture.agents, Verdict.Wish.REFUSE);
        Exchange exchange = exchange(MESSAGE, "a@example.org", "192.0.2.1", "client", ClientTrust.ANONYMOUS); // connector "default"
        agent.process(exchange);
        assertEquals(0, agent.calls);
        fixture.close();
        fixture = new AgentFixture(Map.of("scripted", settings("reject", List.of("internet", "default"))));
        agent = new Scripted(fixture.agents, Verdict.Wish.REFUSE);
        agent.process(exchange(MESSAGE, "a@example.org", "192.0.2.1", "client", ClientTrust.ANONYMOUS));
        assertEquals(1, agent.calls);
    }

    @Test
    void anAllowListedClientSkipsAntiSpamAgentsOnly() throws Exception {
        AllowList allow = client -> client.getHostAddress().equals("192.0.2.1") ? Optional.of("allow") : Optional.empty();
        fixture = new AgentFixture(true, Map.of("scripted", settings("reject")), allow);
        Scripted antiSpam = new Scripted(fixture.agents, Verdict.Wish.REFUSE);
        antiSpam.antiSpam = true;
        antiSpam.process(exchange(MESSAGE, "a@example.org", "192.0.2.1", "client", ClientTrust.ANONYMOUS));
        assertEquals(0, antiSpam.calls);
        antiSpam.process(exchange(MESSAGE, "a@example.org", "192.0.2.2", "client", ClientTrust.ANONYMOUS));
        assertEquals(1, antiSpam.calls, "a client on no allow list is inspected");
        Scripted other = new Scripted(fixture.agents, Verdict.Wish.REFUSE);
        other.process(exchange(MESSAGE, "a@example.org", "192.0.2.1", "client", ClientTrust.ANONYMOUS));
        assertEquals(1, other.calls, "an agent that is not anti-spam still runs");
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
        assertEquals("caravan.checks.scripted.action: 'drop' is not one of ignore, quarantine, reject, tag", e.getMessage());
        fixture.close();
        fixture = new AgentFixture(Map.of("scripted", settings("delete")));
        e = assertThrows(IllegalArgumentException.class, () -> fixture.agents.settings(new Scripted(fixture.agents, Verdict.Wish.ACCEPT)));
        assertEquals("caravan.checks.scripted.action: 'delete' is not one of ignore, quarantine, reject, tag", e.getMessage(),
                "an action the agent does not take is refused at start-up");
        fixture.close();
        fixture = new AgentFixture(Map.of("scripted", settings("reject", "everyone")));
        e = assertThrows(IllegalArgumentException.class, () -> fixture.agents.settings(new Scripted(fixture.agents, Verdict.Wish.ACCEPT)));
        assertEquals("caravan.checks.scripted.applies-to: 'everyone' is not one of authenticated, relay, anonymous", e.getMessage());
    }

    @Test
    void aVerdictCannotAskToRefuseWithoutAReply() {
        assertThrows(IllegalArgumentException.class, () -> new Verdict("x", "fail", "", Verdict.Wish.REFUSE,
                Optional.empty(), List.of(), List.of(), null, OptionalDouble.empty(), Optional.empty()));
        assertFalse(Verdict.of("x", "pass", "").refusal().isPresent());
    }
}
