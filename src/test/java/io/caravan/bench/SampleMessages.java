// Builds the realistic messages the benchmarks share: a typical header block and a text body of a chosen size.
package io.caravan.bench;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Deterministic, so runs compare. The body mixes what canonicalization and DATA parsing must handle:
 * lines that start with a dot, runs of spaces and tabs, trailing whitespace, empty lines, and a few
 * empty lines at the end.
 */
public final class SampleMessages {

    /** Header fields as a mail client submits them; the first Received is the one Caravan adds. */
    private static final String HEADER = String.join("\r\n",
            "Received: from client.example.org ([192.0.2.10])",
            "\tby mx.caravan.test (Caravan) with ESMTPSA id 4Q7cYz2kLmN8",
            "\tfor <bob@example.com>; Sun, 1 Mar 2026 12:00:00 +0000",
            "From: Alice Example <alice@example.org>",
            "To: Bob Example <bob@example.com>,",
            "  Carol Example <carol@example.com>",
            "Cc: Dave Example <dave@example.net>",
            "Subject: Quarterly figures, second draft (please review before Friday)",
            "Date: Sun, 1 Mar 2026 12:00:00 +0000",
            "Message-ID: <20260301120000.4Q7cYz2kLmN8@client.example.org>",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8; format=flowed",
            "Content-Transfer-Encoding: 8bit",
            "User-Agent: Example Mail 115.3",
            "X-Mailer-Trace: not signed",
            "", "");

    /** Body lines cycled until the size is reached; several start with '.', so DATA must unstuff them. */
    private static final String[] LINES = {
        "Hi Bob,",
        "",
        "here are the figures for the second quarter.  Revenue grew by 4.2% over the",
        "first quarter, driven mostly by the northern region;\tcosts stayed flat.   ",
        ".signature blocks and dotted lines like this one must survive dot-stuffing",
        "..two leading dots become three on the wire, and two again after unstuffing",
        "    Indented quote: \"the plan is on track\" -- with trailing tabs\t\t",
        "Region      Q1        Q2        Change",
        "North       1,204     1,371     +13.9%",
        ".",
        "Lines of mixed length keep the parser honest; some are short, some run close to",
        "the 78 character limit that RFC 5322 recommends for every line of a message.",
        "",
    };

    private SampleMessages() {
    }

    /** A message (header and body, CRLF line ends) of about {@code size} bytes, as stored in the queue. */
    public static byte[] message(int size) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(size + 128);
        out.writeBytes(HEADER.getBytes(StandardCharsets.UTF_8));
        for (int i = 0; out.size() < size; i++) {
            out.writeBytes((LINES[i % LINES.length] + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        out.writeBytes("-- \r\nAlice\r\n\r\n\r\n".getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    /** The message as a client sends it after DATA: every line starting with '.' gets one more, then CRLF.CRLF. */
    public static byte[] dotStuffed(byte[] message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(message.length + message.length / 20 + 3);
        boolean lineStart = true;
        for (byte b : message) {
            if (lineStart && b == '.') {
                out.write('.');
            }
            out.write(b);
            lineStart = b == '\n';
        }
        out.writeBytes(".\r\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }
}
