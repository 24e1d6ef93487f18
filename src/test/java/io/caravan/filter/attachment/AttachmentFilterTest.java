// The attachment filter as an agent: its replies, its header field, strip as a rewrite, its actions and its configuration errors.
package io.caravan.filter.attachment;

import io.caravan.check.AgentFixture;
import io.caravan.check.AuthenticationResultsStamp;
import io.caravan.check.ChecksConfig;
import io.caravan.check.Inspection;
import io.caravan.check.Verdict;
import io.caravan.mail.CaravanHeaders;
import io.caravan.mail.ClientTrust;
import io.caravan.mail.RawMessage;
import io.caravan.mail.SmtpReply;
import io.caravan.testing.ConfigStub;
import io.quarkus.runtime.configuration.MemorySize;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static io.caravan.filter.attachment.TestMail.*;
import static org.junit.jupiter.api.Assertions.*;

class AttachmentFilterTest {

    private AgentFixture fixture;

    @AfterEach
    void close() {
        fixture.close();
    }

    /** The agent with caravan.checks.attachment-filter.action set to {@code action} (null: unset). */
    private AttachmentFilter filter(String action, AttachmentSettings settings) {
        Map<String, ChecksConfig.Agent> agents = action == null ? Map.of() : Map.of(AttachmentFilter.NAME, AgentFixture.settings(action));
        fixture = new AgentFixture(agents);
        return new AttachmentFilter(fixture.agents, settings, ConfigStub.of(ChecksConfig.class, Map.of("enabled", true, "agents", agents)));
    }

    private AttachmentFilter filter(String action) {
        return filter(action, AttachmentScannerTest.defaults());
    }

    private static Exchange exchange(byte[] message) {
        Exchange exchange = AgentFixture.exchange("", "a@example.org", "192.0.2.1", "client", ClientTrust.ANONYMOUS);
        exchange.getIn().setBody(RawMessage.of(message));
        return exchange;
    }

    private static SmtpReply reply(Exchange exchange) {
        return exchange.getIn().getHeader(CaravanHeaders.SMTP_REPLY, SmtpReply.class);
    }

    @Test
    void aRenamedExecutableIsRefusedWithItsNameAndTrueType() throws Exception {
        Exchange exchange = exchange(message(text("pay"), attachment("invoice.pdf", "application/pdf", pe())));
        filter(null).process(exchange);
        assertEquals("554 5.7.1 Message rejected: blocked attachment invoice.pdf (application/x-msdownload)", reply(exchange).toString());
        Verdict v = Inspection.of(exchange).verdicts().get(0);
        assertEquals("blocked", v.result());
        assertEquals("blocked attachment invoice.pdf (application/x-msdownload): content is application/x-msdownload, declared as application/pdf",
                v.reason());
        assertTrue(v.rewrite().isEmpty(), "no stripped copy is made for a refusal");
        assertEquals(1.0, fixture.metrics.counter("caravan.agent.verdicts", "agent", "attachment-filter", "result", "blocked", "action", "refused").count());
    }

    @Test
    void underStripTheMessageIsDeliveredWithTheTextPartInsteadAndSaysSo() throws Exception {
        String exePart = attachment("invoice.pdf", "application/pdf", pe());
        byte[] original = message(text("pay"), exePart);
        Exchange exchange = exchange(original);
        filter("strip").process(exchange);
        new AuthenticationResultsStamp(fixture.identity).process(exchange);
        assertNull(reply(exchange));
        String delivered = AgentFixture.body(exchange);
        assertTrue(delivered.startsWith("X-Caravan-Attachment: stripped invoice.pdf (application/x-msdownload)\r\n"), delivered);
        assertTrue(delivered.endsWith(new String(original, StandardCharsets.UTF_8).replace(exePart, AttachmentStripperTest.NOTICE)), delivered);
        assertEquals(1.0, fixture.metrics.counter("caravan.agent.verdicts", "agent", "attachment-filter", "result", "blocked", "action", "tagged").count());
    }

    @Test
    void underQuarantineTheMessageIsHeldAsReceived() throws Exception {
        Exchange exchange = exchange(message(attachment("x.js", "text/plain", "1".getBytes())));
        filter("quarantine").process(exchange);
        assertNull(reply(exchange));
        assertEquals(Inspection.Hold.QUARANTINE, Inspection.of(exchange).hold());
    }

    @Test
    void malformedMimeIsRefusedWithAClearReplyAndStrippedWholeUnderStrip() throws Exception {
        byte[] noBoundary = (HEADER + "Content-Type: multipart/mixed\r\n\r\n--b\r\n" + attachment("a.pdf", "application/pdf", pe()) + "--b--\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        Exchange refused = exchange(noBoundary);
        filter(null).process(refused);
        assertEquals("554 5.6.0 Message rejected: a multipart part has no boundary parameter", reply(refused).toString());
        fixture.close();
        Exchange stripped = exchange(noBoundary);
        filter("strip").process(stripped);
        new AuthenticationResultsStamp(fixture.identity).process(stripped);
        String delivered = AgentFixture.body(stripped);
        assertTrue(delivered.startsWith("X-Caravan-Attachment: stripped: the whole body, a multipart part has no boundary parameter\r\n"), delivered);
        assertFalse(delivered.contains(base64(pe()).substring(0, 20)), "nothing uninspected is delivered");
    }

    @Test
    void cleanMailIsRecordedWithoutAField() throws Exception {
        Exchange exchange = exchange(message(text("hello"), attachment("real.pdf", "application/pdf", AttachmentScannerTest.PDF)));
        filter(null).process(exchange);
        assertNull(reply(exchange));
        Verdict v = Inspection.of(exchange).verdicts().get(0);
        assertEquals("clean", v.result());
        assertEquals("2 parts inspected, none blocked", v.reason());
        assertEquals(List.of(), v.fields());
    }

    @Test
    void tagAndDeleteAreNotActionsOfThisAgent() {
        AttachmentFilter f = filter(null);
        assertEquals(List.of(), f.configurationErrors());
        assertFalse(f.actions().contains(io.caravan.check.CheckAction.TAG));
        assertTrue(f.actions().contains(io.caravan.check.CheckAction.STRIP));
    }

    @Test
    void badLimitsAreConfigurationErrorsNamingTheirKeys() {
        AttachmentSettings.Zip zip = ConfigStub.of(AttachmentSettings.Zip.class, Map.of("maxDepth", -1, "maxEntries", 0,
                "maxExpandedSize", new MemorySize(BigInteger.ZERO)));
        AttachmentSettings bad = ConfigStub.of(AttachmentSettings.class, Map.of("blockedExtensions", List.of("exe"),
                "blockedContentTypes", List.of("application/octet-stream"), "maxMimeDepth", 99, "zip", zip));
        assertEquals(List.of(
                "caravan.checks.attachment-filter.blocked-content-types: application/octet-stream (or a value that is not a media type) would block every unknown file",
                "caravan.checks.attachment-filter.max-mime-depth: must be 1 to 50 (mime4j reads no deeper than 64 entities), not 99",
                "caravan.checks.attachment-filter.zip.max-depth: must be 0 (every archive refused) or more, not -1",
                "caravan.checks.attachment-filter.zip.max-entries: must be at least 1, not 0",
                "caravan.checks.attachment-filter.zip.max-expanded-size: must be at least 1 byte, not 0"), filter(null, bad).configurationErrors());
    }
}
