// The content filter as an agent: SCL from the rules and a real rspamd, thresholds, allow lists, the tag rewrite, and rspamd failures.
package io.caravan.filter.content;

import io.caravan.check.AgentFixture;
import io.caravan.check.AuthenticationResultsStamp;
import io.caravan.check.Inspection;
import io.caravan.check.Verdict;
import io.caravan.mail.CaravanHeaders;
import io.caravan.mail.ClientTrust;
import io.caravan.mail.RawMessage;
import io.caravan.mail.SmtpReply;
import io.caravan.testing.RspamdProcess;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.caravan.filter.content.ContentFilterConfigTest.contentFilter;
import static io.caravan.filter.content.ContentFilterConfigTest.pairs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ContentFilterTest {

    /** Built-in rules worth 5 (tag), 7 (reject) and 9 together, and the phrases. */
    private static final Map<String, String> RULES = pairs(
            "rules[0].name", "cheap-meds", "rules[0].phrase", "cheap meds", "rules[0].score", "5",
            "rules[1].name", "casino", "rules[1].where", "Subject", "rules[1].pattern", "(?i)casino", "rules[1].score", "2",
            "rules[2].name", "act-now", "rules[2].phrase", "act now", "rules[2].score", "2",
            "blocked-phrases", "wire the money today",
            "allowed-phrases", "caravan quarterly report",
            "allowed-senders", "friend@partner.example",
            "subject-prefix", "[SPAM]");

    private AgentFixture fixture;

    @AfterEach
    void close() {
        fixture.close();
    }

    private ContentFilter filter(Map<String, String> keys) {
        return filter(null, keys);
    }

    private ContentFilter filter(String action, Map<String, String> keys) {
        fixture = new AgentFixture(action == null ? Map.of() : Map.of("content-filter", AgentFixture.settings(action)));
        return new ContentFilter(fixture.agents, contentFilter(keys), Set.of("default", "inbound"));
    }

    private static Map<String, String> with(Map<String, String> base, String... more) {
        Map<String, String> all = new HashMap<>(base);
        all.putAll(pairs(more));
        return all;
    }

    static String message(String subject, String body) {
        return "From: someone@sender.example\r\nTo: user@example.com\r\nSubject: " + subject + "\r\n"
                + "Date: Thu, 26 Nov 2026 10:00:00 +0000\r\nMessage-ID: <" + Math.abs((subject + body).hashCode()) + "@sender.example>\r\n"
                + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + body + "\r\n";
    }

    private static Exchange exchange(String message) {
        return AgentFixture.exchange(message, "someone@sender.example", "127.0.0.1", "mail.sender.example", ClientTrust.ANONYMOUS);
    }

    private static Verdict verdict(Exchange exchange) {
        List<Verdict> verdicts = Inspection.of(exchange).verdicts();
        assertEquals(1, verdicts.size(), verdicts.toString());
        return verdicts.get(0);
    }

    private static SmtpReply reply(Exchange exchange) {
        return exchange.getIn().getHeader(CaravanHeaders.SMTP_REPLY, SmtpReply.class);
    }

    /** The message as delivered: the agents' fields prepended by the stamp. */
    private String delivered(Exchange exchange) {
        new AuthenticationResultsStamp(fixture.identity).process(exchange);
        return AgentFixture.body(exchange);
    }

    private double counted(String result, String action) {
        return fixture.metrics.counter("caravan.agent.verdicts", "agent", "content-filter", "result", result, "action", action).count();
    }

    @Test
    void withNothingConfiguredTheFilterIsOff() {
        assertFalse(filter(Map.of()).enabled());
        assertTrue(filter(Map.of("blocked-phrases", "x")).enabled());
        assertTrue(filter(Map.of("rspamd.url", "http://127.0.0.1:11333")).enabled());
    }

    @Test
    void rulesAloneRefuseAtTheDefaultRejectThresholdBeforeThe250() throws Exception {
        Exchange exchange = exchange(message("Casino night", "cheap meds, act now"));
        filter(RULES).process(exchange);
        assertEquals(SmtpReply.of(550, "5.7.1", "Message refused as spam (SCL 9)"), reply(exchange));
        Verdict v = verdict(exchange);
        assertEquals("spam", v.result());
        assertEquals(9.0, v.score().getAsDouble());
        assertEquals("SCL 9: rules cheap-meds, casino, act-now +9", v.reason());
        assertEquals(1.0, counted("spam", "refused"));
    }

    @Test
    void aBlockedPhraseIsScl9WithoutAskingAnEngine() throws Exception {
        Exchange exchange = exchange(message("hello", "Please wire the\r\nmoney today."));
        filter(RULES).process(exchange);
        assertEquals(550, reply(exchange).code());
        assertEquals("SCL 9: blocked phrase \"wire the money today\"", verdict(exchange).reason());
    }

    @Test
    void atTheTagThresholdMailIsDeliveredWithThePrefixTheFieldAndItsOwnBody() throws Exception {
        String original = message("Offer", "Get cheap meds here.\r\n.dot line\r\n  spaced  ");
        Exchange exchange = exchange(original);
        filter(RULES).process(exchange);
        assertNull(reply(exchange));
        assertEquals(Verdict.Wish.TAG, verdict(exchange).wish());
        String delivered = delivered(exchange);
        assertTrue(delivered.startsWith("X-Caravan-Spam: SCL=5; rules=+5\r\n"), delivered);
        assertTrue(delivered.endsWith(original.replace("Subject: Offer", "Subject: [SPAM] Offer")), delivered);
        assertEquals(1.0, counted("spam", "tagged"));
    }

    @Test
    void cleanMailIsDeliveredUnchangedButForTheField() throws Exception {
        String original = message("Lunch", "See you at noon.");
        Exchange exchange = exchange(original);
        filter(RULES).process(exchange);
        assertEquals("X-Caravan-Spam: SCL=0; rules=0\r\n" + original, delivered(exchange));
        assertEquals("clean", verdict(exchange).result());
        assertEquals("SCL 0: no rule matched", verdict(exchange).reason());
    }

    @Test
    void quarantineAndDeleteThresholdsHoldTheMessage() throws Exception {
        Map<String, String> keys = with(RULES, "quarantine-threshold", "5", "reject-threshold", "off", "delete-threshold", "9");
        Exchange quarantined = exchange(message("Offer", "cheap meds"));
        filter(keys).process(quarantined);
        assertEquals(Inspection.Hold.QUARANTINE, Inspection.of(quarantined).hold());
        fixture.close();
        Exchange deleted = exchange(message("Casino", "cheap meds, act now"));
        filter(keys).process(deleted);
        assertEquals(Inspection.Hold.DELETE, Inspection.of(deleted).hold());
        assertNull(reply(deleted), "accepted with 250, then dropped");
    }

    @Test
    void aConnectorsOwnThresholdsApplyToItsMail() throws Exception {
        Exchange exchange = exchange(message("Casino", "cheap meds, act now"));
        exchange.getIn().setHeader(CaravanHeaders.RECEIVE_CONNECTOR, "inbound");
        filter(with(RULES, "connector.inbound.reject-threshold", "off")).process(exchange);
        assertNull(reply(exchange));
        assertEquals(Verdict.Wish.TAG, verdict(exchange).wish(), "SCL 9 but no reject threshold on inbound: tagged");
    }

    @Test
    void anAllowListedSenderBypassesTheFilterEvenWithABlockedPhrase() throws Exception {
        Exchange exchange = AgentFixture.exchange(message("hi", "wire the money today"), "friend@partner.example", "127.0.0.1", "h",
                ClientTrust.ANONYMOUS);
        filter(RULES).process(exchange);
        assertNull(reply(exchange));
        Verdict v = verdict(exchange);
        assertEquals("bypassed", v.result());
        assertEquals(-1.0, v.score().getAsDouble());
        assertEquals("allow-listed sender friend@partner.example", v.reason());
        assertTrue(delivered(exchange).startsWith("X-Caravan-Spam: SCL=-1; bypass=sender\r\n"));
    }

    @Test
    void anAllowedPhraseOutweighsEverythingElse() throws Exception {
        Exchange exchange = exchange(message("Caravan quarterly report", "wire the money today, cheap meds"));
        filter(RULES).process(exchange);
        assertNull(reply(exchange));
        assertEquals("allowed phrase \"caravan quarterly report\"", verdict(exchange).reason());
    }

    @Test
    void underActionIgnoreSpamIsOnlyRecorded() throws Exception {
        Exchange exchange = exchange(message("Casino", "cheap meds, act now"));
        filter("ignore", RULES).process(exchange);
        assertNull(reply(exchange));
        assertTrue(delivered(exchange).startsWith("X-Caravan-Spam: SCL=9; rules=+9\r\nFrom:"), "no prefix: not tagged");
        assertEquals(1.0, counted("spam", "recorded"));
    }

    @Test
    void rspamdRefusesGtube() throws Exception {
        Exchange exchange = exchange(message("hello", RspamdProcess.GTUBE));
        filter(Map.of("rspamd.url", RspamdProcess.shared().url().toString())).process(exchange);
        assertEquals(SmtpReply.of(550, "5.7.1", "Message refused as spam (SCL 9)"), reply(exchange));
        assertEquals("SCL 9: rspamd 15.00/15.00 reject (GTUBE)", verdict(exchange).reason());
    }

    @Test
    void rspamdsAddHeaderIsTaggedWithItsHeaderChangesAndOurRulesOnTop() throws Exception {
        String original = message(RspamdProcess.TAG_SUBJECT + " offer", "act now");
        Exchange exchange = exchange("X-Spam-Status: No, forged by the sender\r\n" + original);
        filter(with(RULES, "rspamd.url", RspamdProcess.shared().url().toString(), "reject-threshold", "8")).process(exchange);
        Verdict v = verdict(exchange);
        assertEquals(Verdict.Wish.TAG, v.wish(), v.toString());
        assertTrue(v.score().getAsDouble() >= 6, "rspamd's SCL (5 or more) plus act-now's 2: " + v.score());
        assertTrue(v.reason().contains("add header (CARAVAN_TEST_TAG 7.00"), v.reason());
        assertTrue(v.reason().endsWith("; rules act-now +2"), v.reason());
        String delivered = delivered(exchange);
        assertTrue(delivered.matches("(?s)X-Caravan-Spam: SCL=\\d; rules=\\+2; rspamd=\\d+\\.\\d\\d/15\\.00 \\(add header\\)\r\n"
                + "X-Spam-Status: Yes, score=\\d+\\.\\d\\d\r\n.*"), delivered);
        assertFalse(delivered.contains("forged by the sender"), "rspamd asked to remove X-Spam-Status; tagged mail loses it");
        assertTrue(delivered.endsWith(original.replace("Subject: caravan", "Subject: [SPAM] caravan")), delivered);
    }

    @Test
    void aCleanMessageScannedByRspamdSaysSo() throws Exception {
        Exchange exchange = exchange(message("Lunch", "See you at noon."));
        filter(Map.of("rspamd.url", RspamdProcess.shared().url().toString())).process(exchange);
        assertEquals("clean", verdict(exchange).result());
        assertTrue(delivered(exchange).matches("(?s)X-Caravan-Spam: SCL=[0-2]; rules=0; rspamd=\\d\\.\\d\\d/15\\.00 \\(no action\\)\r\n.*"));
    }

    @Test
    void rspamdDownHoldsTheMessageWith451EvenUnderActionTag() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Exchange exchange = exchange(message("Lunch", "See you at noon."));
        filter("tag", with(RULES, "rspamd.url", "http://127.0.0.1:" + port)).process(exchange);
        assertEquals(SmtpReply.of(451, "4.7.0", "Content filter unavailable, try again later"), reply(exchange));
        Verdict v = verdict(exchange);
        assertEquals("temperror", v.result());
        assertEquals("cannot connect to rspamd at 127.0.0.1:" + port + "; held (rspamd.on-failure: hold)", v.reason());
        assertEquals(1.0, counted("temperror", "refused"));
    }

    @Test
    void anEngineThatHangsHoldsTheMessage() throws Exception {
        try (BrokenEngine engine = BrokenEngine.silent()) {
            Exchange exchange = exchange(message("Lunch", "See you at noon."));
            filter(Map.of("rspamd.url", engine.url().toString(), "rspamd.timeout", "PT0.3S")).process(exchange);
            assertEquals(451, reply(exchange).code());
            assertEquals("rspamd did not answer within 300 ms; held (rspamd.on-failure: hold)", verdict(exchange).reason());
        }
    }

    @Test
    void failOpenDeliversOnTheRulesAloneAndRecordsThatRspamdDidNotScan() throws Exception {
        try (BrokenEngine engine = BrokenEngine.answering("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello")) {
            Exchange exchange = exchange(message("Lunch", "act now"));
            filter(with(RULES, "rspamd.url", engine.url().toString(), "rspamd.on-failure", "accept")).process(exchange);
            assertNull(reply(exchange));
            Verdict v = verdict(exchange);
            assertEquals("unscanned", v.result());
            assertEquals("SCL 2: rspamd unavailable (rspamd answered something that is not JSON: \"hello\"), rules only; rules act-now +2",
                    v.reason());
            assertTrue(delivered(exchange).startsWith("X-Caravan-Spam: SCL=2; rules=+2; rspamd=unavailable\r\n"));
            assertEquals(1.0, counted("unscanned", "recorded"));
        }
    }

    @Test
    void badRspamdSettingsAreErrorsNamingTheirKeys() {
        assertEquals(List.of("caravan.checks.content-filter.rspamd.on-failure: 'later' is not one of hold, accept"),
                filter(Map.of("rspamd.url", "http://127.0.0.1:1", "rspamd.on-failure", "later")).configurationErrors());
        assertEquals(List.of("caravan.checks.content-filter.rspamd.url: 'localhost:11333' is not an http:// or https:// URL"),
                filter(Map.of("rspamd.url", "localhost:11333")).configurationErrors());
    }

    @Test
    void theFilterIsAnAntiSpamAgentThatMayDeleteButNotStrip() {
        ContentFilter filter = filter(RULES);
        assertTrue(filter.isAntiSpam());
        assertEquals("content-filter", filter.name());
        assertTrue(filter.actions().contains(io.caravan.check.CheckAction.DELETE));
        assertFalse(filter.actions().contains(io.caravan.check.CheckAction.STRIP));
    }

    @Test
    void aLargeSpooledMessageIsScannedToItsEnd() throws Exception {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("large", ".eml");
        try {
            StringBuilder body = new StringBuilder();
            while (body.length() < 3 * RawMessage.SPOOL_THRESHOLD) {
                body.append("An ordinary line of a long report, nothing to see here.\r\n");
            }
            java.nio.file.Files.writeString(file, message("Report", body + "and at the very end: wire the money today"));
            Exchange exchange = exchange("");
            exchange.getIn().setBody(RawMessage.spooled(file));
            filter(RULES).process(exchange);
            assertEquals(550, reply(exchange).code());
        } finally {
            java.nio.file.Files.delete(file);
        }
    }
}
