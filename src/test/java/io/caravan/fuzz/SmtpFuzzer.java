// Fuzzes what an SMTP client controls: command lines, MAIL/RCPT paths and parameters, DATA and BDAT bytes.
package io.caravan.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.caravan.mail.MailAddress;
import io.caravan.receive.ReceiveFuzzing;
import io.caravan.receive.ReceiveFuzzing.Outcome;
import io.caravan.receive.command.CommandFuzzing;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Timeout;

/**
 * Invariant 7 (bad input gets a clear SMTP reply and changes nothing; no input crashes a session)
 * checked with arbitrary bytes. The only exception a parser here may throw is the
 * IllegalArgumentException that {@link MailAddress#parse} documents for a bad address; the session
 * itself must never answer "Internal error" (its catch-all for a command that threw).
 *
 * <p>{@link FuzzCorpusTest} (in mvn verify) runs each method over its corpus in
 * {@code src/test/resources/io/caravan/fuzz/SmtpFuzzerInputs/<method>}; {@code bench/fuzz.sh} fuzzes each method in turn.
 */
class SmtpFuzzer {

    /** A reply line: code, separator, text without control characters (RFC 5321 §4.2 textstring; UTF-8 allowed). */
    private static final Pattern REPLY_LINE = Pattern.compile("[2-5][0-9][0-9][ -][^\\x00-\\x08\\x0a-\\x1f\\x7f]*");

    /** A MAIL or RCPT argument: the path, its parameters, their DSN syntax, and the address in it. */
    @FuzzTest
    @Timeout(10)
    void commandArguments(byte[] input) {
        String argument = FuzzInput.utf8(input);
        for (String prefix : new String[] {"FROM:", "TO:"}) {
            CommandFuzzing.Path path = CommandFuzzing.parsePath(argument, prefix);
            if (path == null) {
                continue;
            }
            assertTrue(path.path().startsWith("<") && path.path().endsWith(">"), path.path());
            for (Map.Entry<String, String> p : path.parameters().entrySet()) {
                assertFalse(p.getKey().isEmpty());
                CommandFuzzing.isRet(p.getValue());
                CommandFuzzing.isEnvId(p.getValue());
                CommandFuzzing.isNotify(p.getValue());
                CommandFuzzing.isOrcpt(p.getValue());
            }
            addressSurvivesTheQueue(path.path());
        }
        addressSurvivesTheQueue(argument);
    }

    /**
     * An address accepted once is the same address when the queue reads it back
     * (Envelope.splitRecipients parses {@link MailAddress#address()} again): an address is never changed.
     */
    private static void addressSurvivesTheQueue(String path) {
        MailAddress address;
        try {
            address = MailAddress.parse(path);
        } catch (IllegalArgumentException rejected) {
            return; // the documented rejection: the session answers 501
        }
        address.domainKey();
        if (address.isNullSender()) {
            return;
        }
        assertEquals(address, MailAddress.parse(address.address()), () -> "re-reading " + address.address());
        assertEquals(address, MailAddress.parse("<" + address.address() + ">"));
    }

    /** A whole session: the input is what the client sends, cut into network reads the input chooses. */
    @FuzzTest
    @Timeout(10)
    void smtpSession(byte[] input) {
        ReceiveFuzzing.Session session = ReceiveFuzzing.session();
        int[] reads = FuzzInput.readSizes(input);
        int pos = 0;
        for (int i = 0; pos < input.length && !session.closed(); i++) {
            int end = Math.min(input.length, pos + reads[i % reads.length]);
            session.receive(Arrays.copyOfRange(input, pos, end));
            pos = end;
        }
        session.end();
        String written = session.written();
        for (String line : written.split("\r\n")) {
            assertTrue(REPLY_LINE.matcher(line).matches(), () -> "not a reply line: " + line);
            assertFalse(line.startsWith("451 4.3.0 Internal error"), () -> "a command failed inside the session:\n" + written);
            assertFalse(line.startsWith("451 4.3.0 Temporary failure"), () -> "the submitter failed:\n" + written);
        }
    }

    /**
     * The DATA reader in three different cuttings of the same bytes (all at once, byte by byte,
     * the input's own read sizes) must agree, and an accepted message must be the data up to the
     * first CRLF.CRLF with one leading dot taken off each line.
     */
    @FuzzTest
    @Timeout(10)
    void dataStream(byte[] input) {
        Outcome whole = ReceiveFuzzing.data(input, new int[] {Integer.MAX_VALUE});
        assertSame(whole, ReceiveFuzzing.data(input, new int[] {1}));
        assertSame(whole, ReceiveFuzzing.data(input, FuzzInput.readSizes(input)));
        if (!whole.finished()) {
            assertEquals(input.length, whole.consumed());
            return;
        }
        if (whole.rejection() == null) {
            assertArrayEquals(unstuffed(input, whole.consumed()), withoutPrefix(whole.message()));
        }
    }

    /** The data section of {@code input[0, end)}, which is CRLF lines ending with ".CRLF", unstuffed. */
    private static byte[] unstuffed(byte[] input, int end) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int line = 0;
        while (line < end) {
            int next = line;
            while (!(input[next] == '\r' && input[next + 1] == '\n')) {
                assertTrue(input[next] != '\r' && input[next] != '\n', "an accepted message had a bare CR or LF");
                next++;
            }
            next += 2;
            boolean dot = input[line] == '.';
            if (dot && next - line == 3) {
                assertEquals(end, next, "the data went on past the first CRLF.CRLF");
                return out.toByteArray();
            }
            int from = dot ? line + 1 : line;
            out.write(input, from, next - from);
            line = next;
        }
        throw new AssertionError("finished without a final dot");
    }

    /** BDAT chunks of sizes the input chooses, in read sizes it chooses: the same result whatever the cutting. */
    @FuzzTest
    @Timeout(10)
    void bdatStream(byte[] input) {
        long[] chunks = FuzzInput.chunkSizes(input, input.length);
        Outcome whole = ReceiveFuzzing.bdat(input, chunks, new int[] {Integer.MAX_VALUE});
        assertSame(whole, ReceiveFuzzing.bdat(input, chunks, new int[] {1}));
        assertSame(whole, ReceiveFuzzing.bdat(input, chunks, FuzzInput.readSizes(input)));
        assertTrue(whole.finished());
        assertEquals(input.length, whole.consumed());
        if (whole.rejection() == null) {
            assertArrayEquals(input, withoutPrefix(whole.message()));
            assertTrue(input.length <= ReceiveFuzzing.MAX_MESSAGE_SIZE);
        } else {
            assertNull(whole.message());
        }
    }

    private static void assertSame(Outcome expected, Outcome actual) {
        assertEquals(expected.consumed(), actual.consumed(), "consumed");
        assertEquals(expected.finished(), actual.finished(), "finished");
        assertEquals(expected.rejection(), actual.rejection(), "rejection");
        assertArrayEquals(expected.message(), actual.message(), "message");
    }

    /** The readers put "R\r\n" (a stand-in Received field) in front of the data. */
    private static byte[] withoutPrefix(byte[] message) {
        return Arrays.copyOfRange(message, 3, message.length);
    }
}
