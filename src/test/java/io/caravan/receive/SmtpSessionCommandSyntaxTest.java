// Command lines SmtpSession must answer exactly once and precisely: overlong lines, BDAT sizes, EXPN/TURN, repeated parameters.
package io.caravan.receive;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Bytes as a socket delivers them, replies as the session writes them. Over real sockets: {@code it/SmtpDialogTest}. */
class SmtpSessionCommandSyntaxTest {

    @Test
    void aLongLineArrivingInManySmallReadsGetsOneReplyAndPipelinedCommandsOneEach() {
        TestSession s = TestSession.withBareNewlines(false);
        s.feed("NOOP ");
        for (int i = 0; i < 100; i++) {
            s.feed("x".repeat(1024));
        }
        s.feed("\r\nNOOP\r\nRSET\r\n");
        assertEquals(List.of("500 5.5.2 Line too long", "250 2.0.0 Ok", "250 2.0.0 Ok"), s.replies);
    }

    @Test
    void aLongLineCountsOnceTowardsTheErrorLimit() {
        TestSession s = TestSession.withBareNewlines(false);
        for (int i = 0; i < 30; i++) {
            s.feed("y".repeat(1024));
        }
        s.feed("\r\nNOOP\r\n");
        assertEquals(List.of("500 5.5.2 Line too long", "250 2.0.0 Ok"), s.replies);
    }

    @Test
    void aBdatSizeWithASignIsASyntaxError() {
        TestSession s = TestSession.withBareNewlines(false);
        s.feed("EHLO client.test\r\n");
        s.replies.clear();
        s.feed("BDAT +5\r\n");
        assertEquals(List.of("501 5.5.4 Syntax: BDAT size [LAST]; closing the connection"), s.replies);
    }

    @Test
    void expnAndTurnAreNotImplemented() {
        TestSession s = TestSession.withBareNewlines(false);
        s.feed("EXPN staff\r\nTURN\r\n");
        assertEquals(List.of("502 5.5.1 Command not implemented", "502 5.5.1 Command not implemented"), s.replies);
    }

    @Test
    void aRepeatedDsnParameterIsNamedInTheReply() {
        TestSession s = TestSession.withBareNewlines(false);
        s.feed("EHLO client.test\r\n");
        s.replies.clear();
        s.feed("MAIL FROM:<a@origin.test> RET=FULL RET=HDRS\r\n");
        s.feed("MAIL FROM:<a@origin.test> RET=FULL\r\n");
        s.feed("RCPT TO:<u@example.com> NOTIFY=SUCCESS notify=FAILURE\r\n");
        s.feed("RCPT TO:<u@example.com>\r\n");
        assertEquals(List.of("501 5.5.4 Duplicate RET parameter", "250 2.1.0 Ok", "501 5.5.4 Duplicate NOTIFY parameter",
                "250 2.1.5 Ok"), s.replies);
    }
}
