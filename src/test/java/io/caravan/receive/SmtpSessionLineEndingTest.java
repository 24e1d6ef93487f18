// Command-line framing of SmtpSession: CRLF only; a bare LF or bare CR gets 500 5.5.2, one reply per line.
package io.caravan.receive;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Bytes as a socket delivers them, replies as the session writes them. Over real sockets: {@code it/SmtpDialogTest}. */
class SmtpSessionLineEndingTest {

    @Test
    void aCommandEndedByCrLfIsAnswered() {
        TestSession s = TestSession.withBareNewlines(false);
        s.feed("NOOP\r\n");
        assertEquals(List.of("250 2.0.0 Ok"), s.replies);
    }

    @Test
    void aCommandEndedByABareLfGets500AndIsNotRun() {
        TestSession s = TestSession.withBareNewlines(false);
        s.feed("QUIT\n");
        assertEquals(List.of("500 5.5.2 Error: bare <LF> received"), s.replies);
        s.feed("NOOP\r\n");
        assertEquals("250 2.0.0 Ok", s.replies.get(1), "the session goes on");
    }

    @Test
    void aBareCrInsideACommandLineGetsOne500ForTheWholeLine() {
        TestSession s = TestSession.withBareNewlines(false);
        s.feed("NOOP\rQUIT\r\n");
        assertEquals(List.of("500 5.5.2 Error: bare <CR> received"), s.replies);
    }

    @Test
    void aCrBeforeTheCrLfIsABareCr() {
        TestSession s = TestSession.withBareNewlines(false);
        s.feed("NOOP\r\r\n");
        assertEquals(List.of("500 5.5.2 Error: bare <CR> received"), s.replies);
    }

    @Test
    void pipelinedCommandsAfterARejectedBareLfLineGetExactlyOneReplyEach() {
        TestSession s = TestSession.withBareNewlines(false);
        s.feed("EHLO client.test\nNOOP\r\nRSET\nVRFY x\r\nHELO client.test\r\n");
        assertEquals(List.of("500 5.5.2 Error: bare <LF> received", "250 2.0.0 Ok", "500 5.5.2 Error: bare <LF> received",
                "252 2.5.2 Cannot VRFY user, but will accept message and attempt delivery", "250 mx.caravan.test"), s.replies);
    }

    @Test
    void aCrLfSplitAcrossTwoPacketsIsStillACrLf() {
        TestSession s = TestSession.withBareNewlines(false);
        s.feed("NOOP\r");
        assertEquals(List.of(), s.replies, "nothing is answered before the line is complete");
        s.feed("\n");
        assertEquals(List.of("250 2.0.0 Ok"), s.replies);
    }

    @Test
    void bareLfLinesCountTowardsTheErrorLimit() {
        TestSession s = TestSession.withBareNewlines(false);
        s.feed("NOOP\n".repeat(SmtpSession.ERROR_LIMIT));
        assertEquals(SmtpSession.ERROR_LIMIT + 1, s.replies.size());
        assertEquals("421 4.7.0 mx.caravan.test Too many errors, closing connection", s.replies.get(SmtpSession.ERROR_LIMIT));
    }

    @Test
    void aConnectorThatAllowsBareNewlinesTakesLfAsTheLineEnd() {
        TestSession s = TestSession.withBareNewlines(true);
        s.feed("EHLO client.test\nNOOP\r\nRSET\n");
        assertEquals("250-mx.caravan.test", s.replies.get(0));
        assertEquals(List.of("250 2.0.0 Ok", "250 2.0.0 Ok"), s.replies.subList(s.replies.size() - 2, s.replies.size()));
    }
}
