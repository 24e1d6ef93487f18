package io.caravan.check;

import io.caravan.mail.CaravanHeaders;
import io.caravan.mail.ClientTrust;
import io.caravan.mail.SmtpPhase;
import io.caravan.mail.SmtpReply;
import io.caravan.testing.ConfigStub;
import io.caravan.tracking.MessageEvents;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import static io.caravan.check.AgentFixture.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Agents at MAIL and RCPT: a refusal answers the command, other verdicts travel to the end of data, the session is told to wait. */
class PhaseAgentsTest {

    private static final String MESSAGE = "From: a@example.org\r\nSubject: hi\r\n\r\nbody\r\n";

    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private final List<InspectionAgent> deployed = new ArrayList<>();
    private final Map<String, Object> session = new ConcurrentHashMap<>();
    private Object carried;

    private Agents agents(Map<String, ChecksConfig.Agent> settings) {
        ChecksConfig config = ConfigStub.of(ChecksConfig.class, Map.of("enabled", true, "agents", settings));
        return new Agents(config, deployed, List.of(), new MessageEvents(), metrics);
    }

    /** An agent of a phase whose answer a function of the inspection gives. */
    private static final class Phased extends InspectionAgent {
        private final String name;
        private final SmtpPhase phase;
        private final Function<Inspection, Verdict> answer;

        Phased(Agents agents, String name, SmtpPhase phase, Function<Inspection, Verdict> answer) {
            super(agents);
            this.name = name;
            this.phase = phase;
            this.answer = answer;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public SmtpPhase phase() {
            return phase;
        }

        @Override
        public Verdict inspect(Inspection inspection) {
            return answer.apply(inspection);
        }
    }

    private Phased agent(Agents agents, String name, SmtpPhase phase, Function<Inspection, Verdict> answer) {
        Phased a = new Phased(agents, name, phase, answer);
        deployed.add(a);
        return a;
    }

    /** One exchange of the transaction, as the SMTP session builds it: same session attributes, verdicts carried on. */
    private Exchange exchange(SmtpPhase phase, String rcpt) {
        Exchange e = AgentFixture.exchange(MESSAGE, "a@example.org", "192.0.2.1", "client.example.org", ClientTrust.ANONYMOUS);
        if (phase != SmtpPhase.DATA) {
            e.getIn().setHeader(CaravanHeaders.SMTP_PHASE, phase.wire());
        }
        if (rcpt != null) {
            e.getIn().setHeader(CaravanHeaders.RCPT_TO, rcpt);
        }
        e.setProperty(CaravanHeaders.SESSION_ATTRIBUTES, session);
        if (carried != null) {
            e.setProperty(CaravanHeaders.TRANSACTION_VERDICTS, carried);
        }
        return e;
    }

    private Exchange run(InspectionAgent agent, SmtpPhase phase, String rcpt) throws Exception {
        Exchange e = exchange(phase, rcpt);
        agent.process(e);
        carried = e.getProperty(CaravanHeaders.TRANSACTION_VERDICTS);
        return e;
    }

    private static String stamped(Exchange e) {
        new AuthenticationResultsStamp(new AgentFixture().identity).process(e);
        return AgentFixture.body(e);
    }

    @Test
    void aRefusalAtRcptIsTheReplyAndDoesNotMarkTheMessage() throws Exception {
        Agents agents = agents(Map.of("rcpt-check", settings("reject")));
        InspectionAgent unknown = agent(agents, "rcpt-check", SmtpPhase.RCPT, i -> i.recipient().orElseThrow().localPart().equals("ghost")
                ? Verdict.of("rcpt-check", "unknown", "no " + i.recipient().get()).withField("X-Rcpt", "unknown")
                        .refuse(SmtpReply.of(550, "5.1.1", "User unknown"))
                : Verdict.of("rcpt-check", "known", "ok"));
        assertEquals(SmtpReply.of(550, "5.1.1", "User unknown"), run(unknown, SmtpPhase.RCPT, "ghost@example.com").getIn().getHeader(CaravanHeaders.SMTP_REPLY));
        assertNull(run(unknown, SmtpPhase.RCPT, "alice@example.com").getIn().getHeader(CaravanHeaders.SMTP_REPLY));
        assertFalse(stamped(exchange(SmtpPhase.DATA, null)).contains("X-Rcpt"), "a refused recipient's verdict stays off the message");
    }

    @Test
    void aTagAtMailLandsOnTheMessageOnceAtEndOfData() throws Exception {
        Agents agents = agents(Map.of("sender-check", settings("tag")));
        InspectionAgent tagger = agent(agents, "sender-check", SmtpPhase.MAIL,
                i -> Verdict.of("sender-check", "blocked", "sender " + i.envelope().mailFrom()).withField("X-Sender-Check", "blocked")
                        .refuse(SmtpReply.of(554, "5.7.1", "Sender denied")));
        InspectionAgent perRcpt = agent(agents, "client-check", SmtpPhase.RCPT,
                i -> Verdict.of("client-check", "allowed", "on the list").withField("X-Client-Check", "allowed"));
        assertNull(run(tagger, SmtpPhase.MAIL, null).getIn().getHeader(CaravanHeaders.SMTP_REPLY), "tagged, not refused");
        run(perRcpt, SmtpPhase.RCPT, "a@example.com");
        run(perRcpt, SmtpPhase.RCPT, "b@example.com");
        String delivered = stamped(exchange(SmtpPhase.DATA, null));
        assertTrue(delivered.startsWith("X-Sender-Check: blocked\r\nX-Client-Check: allowed\r\nFrom:"), delivered);
        assertEquals(1.0, metrics.counter("caravan.agent.verdicts", "agent", "client-check", "result", "allowed", "action", "recorded").count(),
                "the same verdict for a second recipient is recorded once");
    }

    @Test
    void aQuarantineChosenAtMailHoldsTheMessageAtEndOfDataWithoutAnyDataAgent() throws Exception {
        Agents agents = agents(Map.of("sender-check", settings("quarantine")));
        InspectionAgent holder = agent(agents, "sender-check", SmtpPhase.MAIL,
                i -> Verdict.of("sender-check", "blocked", "held at MAIL").refuse(SmtpReply.of(554, "5.7.1", "Sender denied")));
        run(holder, SmtpPhase.MAIL, null);
        assertEquals(java.util.Optional.of("quarantine"), ((io.caravan.mail.CarriedHold) carried).heldAs(),
                "what the receive connector reads to hold the message, whatever steps run at end of data");
        Exchange data = exchange(SmtpPhase.DATA, null);
        assertEquals("held at MAIL", Inspection.of(data).heldBy().orElseThrow().reason(), "the quarantine names it");
    }

    @Test
    void anAgentAsksTheSessionToWaitUnlessItsActionIsIgnore() throws Exception {
        Agents agents = agents(Map.of("slow", settings("reject"), "quiet", settings("ignore")));
        InspectionAgent slow = agent(agents, "slow", SmtpPhase.RCPT, i -> {
            i.delayReply(Duration.ofMillis(1500));
            return Verdict.of("slow", "known", "ok");
        });
        InspectionAgent quiet = agent(agents, "quiet", SmtpPhase.RCPT, i -> {
            i.delayReply(Duration.ofSeconds(9));
            return Verdict.of("quiet", "known", "ok");
        });
        assertEquals(1500L, run(slow, SmtpPhase.RCPT, "a@example.com").getIn().getHeader(CaravanHeaders.REPLY_DELAY));
        assertNull(run(quiet, SmtpPhase.RCPT, "a@example.com").getIn().getHeader(CaravanHeaders.REPLY_DELAY));
    }

    @Test
    void theMessageIsNotThereBeforeDataButTheSessionIs() throws Exception {
        Agents agents = agents(Map.of());
        List<Object> seen = new ArrayList<>();
        InspectionAgent counter = agent(agents, "counter", SmtpPhase.RCPT, i -> {
            assertThrows(IllegalStateException.class, i::message);
            seen.add(i.phase());
            i.sessionAttributes().merge("counter.n", 1, (a, b) -> (Integer) a + (Integer) b);
            return Verdict.of("counter", "none", "n=" + i.sessionAttributes().get("counter.n"));
        });
        run(counter, SmtpPhase.RCPT, "a@example.com");
        run(counter, SmtpPhase.RCPT, "b@example.com");
        assertEquals(List.of(SmtpPhase.RCPT, SmtpPhase.RCPT), seen);
        assertEquals(2, session.get("counter.n"));
    }

    @Test
    void theGateOpensOnlyForAPhaseWithAnEnabledAgentForThatTrustAndConnector() {
        Agents agents = agents(Map.of("rcpt-check", settings(null, List.of("edge"))));
        agent(agents, "rcpt-check", SmtpPhase.RCPT, i -> Verdict.of("rcpt-check", "none", ""));
        assertTrue(agents.inspects(SmtpPhase.RCPT, ClientTrust.ANONYMOUS, "edge"));
        assertFalse(agents.inspects(SmtpPhase.MAIL, ClientTrust.ANONYMOUS, "edge"), "no MAIL agent");
        assertFalse(agents.inspects(SmtpPhase.RCPT, ClientTrust.AUTHENTICATED, "edge"), "our own users' mail");
        assertFalse(agents.inspects(SmtpPhase.RCPT, ClientTrust.ANONYMOUS, "default"), "another connector");
    }
}
