package io.caravan.receive;

import io.caravan.mail.MailAddress;
import io.caravan.mail.RawMessage;
import io.caravan.mail.SmtpPhase;
import io.caravan.mail.SmtpReply;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** MAIL and RCPT asked of the filter routes: their refusal is the reply, their failure a 451, a 421 closes, nobody asked when no agent applies. */
class SmtpSessionPhaseTest {

    /** Answers the phase routes with a function of (phase, recipient); records what it was asked. */
    private static final class Routes implements ConnectorContext.Submitter {
        final List<String> asked = new ArrayList<>();
        final List<String> queueIds = new ArrayList<>();
        final List<Object> carried = new ArrayList<>();
        boolean inspects = true;
        BiFunction<SmtpPhase, MailAddress, Future<PhaseAnswer>> answer = (p, r) -> Future.succeededFuture(new PhaseAnswer(null, Duration.ZERO, p + "-verdicts"));

        @Override
        public boolean inspects(SmtpPhase phase, SmtpSession session) {
            return inspects;
        }

        @Override
        public Future<PhaseAnswer> inspect(SmtpSession session, SmtpPhase phase, SmtpTransaction tx, MailAddress rcpt) {
            asked.add(phase + (rcpt == null ? "" : " " + rcpt));
            queueIds.add(tx.queueId());
            carried.add(tx.verdicts());
            return answer.apply(phase, rcpt);
        }

        @Override
        public Future<SmtpReply> submit(SmtpSession s, SmtpTransaction tx, String queueId, RawMessage message) {
            throw new UnsupportedOperationException("no end of data here");
        }

        @Override
        public Vertx vertx() {
            throw new UnsupportedOperationException();
        }
    }

    private static TestSession greeted(Routes routes) {
        TestSession t = TestSession.withSubmitter(routes);
        t.feed("EHLO client.example\r\n");
        t.replies.clear();
        return t;
    }

    @Test
    void theRoutesRefusalIsTheReplyAndARefusedRecipientIsNotAdded() {
        Routes routes = new Routes();
        routes.answer = (p, r) -> Future.succeededFuture(new PhaseAnswer(r != null && r.localPart().equals("ghost")
                ? SmtpReply.of(550, "5.1.1", "<ghost@example.com>: Recipient address rejected: User unknown") : null, Duration.ZERO, "v"));
        TestSession t = greeted(routes);
        t.feed("MAIL FROM:<a@remote.example>\r\nRCPT TO:<ghost@example.com>\r\nRCPT TO:<bob@example.com>\r\n");
        assertEquals(List.of("250 2.1.0 Ok", "550 5.1.1 <ghost@example.com>: Recipient address rejected: User unknown", "250 2.1.5 Ok"), t.replies);
        assertEquals(List.of(MailAddress.parse("bob@example.com")), t.session.transaction().recipients());
    }

    @Test
    void theQueueIdIsGivenAtMailAndTheVerdictsTravelWithTheTransaction() {
        Routes routes = new Routes();
        TestSession t = greeted(routes);
        t.feed("MAIL FROM:<a@remote.example>\r\nRCPT TO:<bob@example.com>\r\n");
        assertEquals(List.of("MAIL", "RCPT bob@example.com"), routes.asked);
        assertNotNull(routes.queueIds.get(0));
        assertEquals(routes.queueIds.get(0), routes.queueIds.get(1));
        assertEquals(routes.queueIds.get(0), t.session.transaction().queueId());
        assertEquals("MAIL-verdicts", routes.carried.get(1), "what MAIL's route left is handed to RCPT's");
        assertEquals("RCPT-verdicts", t.session.transaction().verdicts());
    }

    @Test
    void aFailingRouteNeverAccepts() {
        Routes routes = new Routes();
        routes.answer = (p, r) -> Future.failedFuture(new IllegalStateException("route broken"));
        TestSession t = greeted(routes);
        t.feed("MAIL FROM:<a@remote.example>\r\nRCPT TO:<bob@example.com>\r\n");
        assertEquals(List.of("451 4.3.0 Temporary failure, try again later", "503 5.5.1 Error: need MAIL command"), t.replies);
    }

    @Test
    void a421FromTheRouteClosesTheConnection() {
        Routes routes = new Routes();
        routes.answer = (p, r) -> Future.succeededFuture(new PhaseAnswer(p == SmtpPhase.RCPT
                ? SmtpReply.of(421, "4.7.0", "Too many unknown recipients, closing connection") : null, Duration.ZERO, null));
        TestSession t = greeted(routes);
        t.feed("MAIL FROM:<a@remote.example>\r\nRCPT TO:<bob@example.com>\r\nRCPT TO:<carol@example.com>\r\n");
        assertEquals(List.of("250 2.1.0 Ok", "421 4.7.0 Too many unknown recipients, closing connection"), t.replies);
        assertTrue(t.closed);
    }

    @Test
    void whenNoAgentAppliesTheRoutesAreNotAsked() {
        Routes routes = new Routes();
        routes.inspects = false;
        TestSession t = greeted(routes);
        t.feed("MAIL FROM:<a@remote.example>\r\nRCPT TO:<bob@example.com>\r\n");
        assertEquals(List.of("250 2.1.0 Ok", "250 2.1.5 Ok"), t.replies);
        assertEquals(List.of(), routes.asked);
        assertNotNull(t.session.transaction().queueId(), "the queue id is given at MAIL all the same");
        assertFalse(t.closed);
    }
}
