// The rspamd client against a real rspamd (Debian's), and against the failures a real one cannot be made to show.
package io.caravan.filter.content;

import io.caravan.mail.Envelope;
import io.caravan.mail.MailAddress;
import io.caravan.mail.RawMessage;
import io.caravan.testing.RspamdProcess;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RspamdClientTest {

    static final Envelope ENVELOPE = new Envelope("QIDRSPAMD1", MailAddress.parse("alice@good.test"),
            List.of(MailAddress.parse("bob@example.com")), "8BITMIME", "inbound", "127.0.0.1", "mail.good.test", 0, Long.MAX_VALUE, 0);

    static String message(String subject, String body) {
        return "From: alice@good.test\r\nTo: bob@example.com\r\nSubject: " + subject + "\r\nDate: Thu, 26 Nov 2026 10:00:00 +0000\r\n"
                + "Message-ID: <" + Math.abs(subject.hashCode()) + "@good.test>\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\n\r\n" + body + "\r\n";
    }

    private static RspamdReply ask(RawMessage message) throws RspamdFailure {
        return new RspamdClient(RspamdProcess.shared().url(), Duration.ofSeconds(30), Optional.empty())
                .check(message, ENVELOPE, Optional.empty());
    }

    private static RawMessage raw(String text) {
        return RawMessage.of(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void gtubeIsRefusedByRspamdAndMapsToScl9() throws Exception {
        RspamdReply reply = ask(raw(message("offer", RspamdProcess.GTUBE)));
        assertEquals("reject", reply.action());
        assertEquals(9, reply.scl());
        assertTrue(reply.symbols().stream().anyMatch(s -> s.name().equals("GTUBE")), reply.symbols().toString());
    }

    @Test
    void aCleanMessageFromLoopbackScoresLowAndTheEnvelopeReachesRspamd() throws Exception {
        RspamdReply reply = ask(raw(message("lunch on friday", "Shall we meet at noon?")));
        assertEquals("no action", reply.action());
        assertTrue(reply.scl() <= 2, "SCL " + reply.scl() + " for " + reply);
        List<String> names = reply.symbols().stream().map(RspamdReply.Symbol::name).toList();
        assertTrue(names.contains("FROM_EQ_ENVFROM"), "MAIL FROM was sent as header From: " + names);
        assertTrue(names.contains("TO_MATCH_ENVRCPT_ALL"), "RCPT TO was sent as header Rcpt: " + names);
    }

    @Test
    void addHeaderMaterialIsTaggableAndBringsRspamdsHeaderChanges() throws Exception {
        RspamdReply reply = ask(raw(message(RspamdProcess.TAG_SUBJECT + " today", "Shall we meet at noon?")));
        assertEquals("add header", reply.action());
        assertTrue(reply.scl() >= 5 && reply.scl() <= 8, "SCL " + reply.scl());
        assertTrue(reply.addHeaders().stream().anyMatch(f -> f.name().equals("X-Spam-Status") && f.value().startsWith("Yes, score=")),
                reply.addHeaders().toString());
        assertEquals(0, reply.removeHeaders().get("X-Spam-Status"));
    }

    @Test
    void aSpooledMessageIsStreamedWhole() throws Exception {
        Path file = Files.createTempFile("spooled", ".eml");
        try {
            StringBuilder text = new StringBuilder("From: alice@good.test\r\nTo: bob@example.com\r\nSubject: report\r\n"
                    + "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n"
                    + "--b1\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\n");
            while (text.length() < 2 * RawMessage.SPOOL_THRESHOLD) {
                text.append("QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5ejAx\r\n");
            }
            text.append("--b1\r\nContent-Type: text/plain\r\n\r\n").append(RspamdProcess.GTUBE).append("\r\n--b1--\r\n");
            Files.writeString(file, text);
            RawMessage spooled = RawMessage.spooled(file);
            assertTrue(spooled.isSpooled());
            assertEquals("reject", ask(spooled).action(), "GTUBE in the last part, after 2 MB, reached rspamd");
        } finally {
            Files.delete(file);
        }
    }

    @Test
    void nothingListeningIsAFailureNamingTheAddress() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        RspamdClient client = new RspamdClient(URI.create("http://127.0.0.1:" + port), Duration.ofSeconds(5), Optional.empty());
        RspamdFailure f = assertThrows(RspamdFailure.class, () -> client.check(raw(message("x", "y")), ENVELOPE, Optional.empty()));
        assertEquals("cannot connect to rspamd at 127.0.0.1:" + port, f.getMessage());
    }

    @Test
    void anEngineThatNeverAnswersFailsAtTheTimeout() throws Exception {
        try (BrokenEngine engine = BrokenEngine.silent()) {
            RspamdClient client = new RspamdClient(engine.url(), Duration.ofMillis(300), Optional.empty());
            RspamdFailure f = assertThrows(RspamdFailure.class, () -> client.check(raw(message("x", "y")), ENVELOPE, Optional.empty()));
            assertEquals("rspamd did not answer within 300 ms", f.getMessage());
        }
    }

    @Test
    void garbageIsAFailureNotACleanBill() throws Exception {
        String garbage = "not json at all";
        try (BrokenEngine engine = BrokenEngine.answering("HTTP/1.1 200 OK\r\nContent-Length: " + garbage.length() + "\r\n\r\n" + garbage)) {
            RspamdClient client = new RspamdClient(engine.url(), Duration.ofSeconds(5), Optional.empty());
            RspamdFailure f = assertThrows(RspamdFailure.class, () -> client.check(raw(message("x", "y")), ENVELOPE, Optional.empty()));
            assertEquals("rspamd answered something that is not JSON: \"not json at all\"", f.getMessage());
        }
    }

    @Test
    void theEnvelopeTravelsAsRspamdsRequestHeadersBesideTheStreamedMessage() throws Exception {
        Envelope envelope = new Envelope("QIDHEADERS", MailAddress.parse("alice@good.test"),
                List.of(MailAddress.parse("bob@example.com"), MailAddress.parse("carol@example.com")), "8BITMIME", "client",
                "192.0.2.7", "laptop.good.test", 0, Long.MAX_VALUE, 0);
        RawMessage message = raw(message("x", "y"));
        try (BrokenEngine engine = BrokenEngine.answering("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}")) {
            RspamdClient client = new RspamdClient(engine.url(), Duration.ofSeconds(5), Optional.of("secret"));
            assertThrows(RspamdFailure.class, () -> client.check(message, envelope, Optional.of("alice")));
            String request = engine.requests().get(0).toLowerCase(java.util.Locale.ROOT);
            assertTrue(request.startsWith("post /checkv2 http/1.1\r\n"), request);
            for (String field : List.of("from: alice@good.test", "rcpt: bob@example.com", "rcpt: carol@example.com", "ip: 192.0.2.7",
                    "helo: laptop.good.test", "queue-id: qidheaders", "user: alice", "password: secret",
                    "content-length: " + message.size())) {
                assertTrue(request.contains("\r\n" + field + "\r\n"), field + " in " + request);
            }
        }
    }

    @Test
    void anHttpErrorIsAFailureWithRspamdsWords() throws Exception {
        String error = "{\"error\":\"bad request\"}";
        try (BrokenEngine engine = BrokenEngine.answering("HTTP/1.1 400 Bad Request\r\nContent-Length: " + error.length() + "\r\n\r\n" + error)) {
            RspamdClient client = new RspamdClient(engine.url(), Duration.ofSeconds(5), Optional.empty());
            RspamdFailure f = assertThrows(RspamdFailure.class, () -> client.check(raw(message("x", "y")), ENVELOPE, Optional.empty()));
            assertEquals("rspamd answered HTTP 400: " + error, f.getMessage());
        }
    }
}
