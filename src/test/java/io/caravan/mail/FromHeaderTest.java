package io.caravan.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@link DmarcEvaluator#fromDomain}: the one RFC5322.From domain, or empty when there is not exactly one. */
class FromHeaderTest {

    private static Optional<String> fromDomain(String message) {
        return FromHeader.domain(message.getBytes(StandardCharsets.UTF_8));
    }

    private static void assertDomain(String expected, String message) {
        assertEquals(Optional.of(expected), fromDomain(message), message);
    }

    private static void assertNone(String message) {
        assertEquals(Optional.empty(), fromDomain(message), message);
    }

    @Test
    void findsTheDomainOfAPlainAddress() {
        assertDomain("example.com", "Subject: hi\r\nFrom: user@example.com\r\nTo: x@example.org\r\n\r\nbody\r\n");
    }

    @Test
    void readsTheAddressInsideAngleBracketsAfterADisplayName() {
        assertDomain("example.com", "From: John Doe <john@Example.COM>\r\n\r\n");
        assertDomain("example.com", "From: \"Doe, John <boss@evil.example>\" <john@example.com>\r\n\r\n");
    }

    @Test
    void unfoldsAFieldContinuedOnTheNextLines() {
        assertDomain("example.com", "From: John Doe\r\n <john@\r\n\texample.com>\r\nTo: x@example.org\r\n\r\n");
    }

    @Test
    void ignoresCommentsAnywhereInTheAddress() {
        assertDomain("example.com", "From: john@example.com (John (the \\) boss) Doe)\r\n\r\n");
        assertDomain("example.com", "From: (c) John <john(c)@(c)example.com(c)> (c)\r\n\r\n");
        assertDomain("example.com", "From: john@example.com (other@evil.example)\r\n\r\n");
    }

    @Test
    void theFieldNameIsCaseInsensitiveAndMayHaveSpaceBeforeTheColon() {
        assertDomain("example.com", "FROM: a@example.com\r\n\r\n");
        assertDomain("example.com", "from : a@example.com\r\n\r\n");
    }

    @Test
    void aQuotedLocalPartMayContainAnAtSign() {
        assertDomain("example.com", "From: \"a@evil.example\"@example.com\r\n\r\n");
    }

    @Test
    void anObsoleteSourceRouteIsSkipped() {
        assertDomain("example.com", "From: <@relay.example.net,@b.example:john@example.com>\r\n\r\n");
    }

    @Test
    void internationalizedDomainsComeBackAsALabels() {
        assertDomain("xn--bcher-kva.example", "From: Jörg <jörg@Bücher.example>\r\n\r\n");
    }

    @Test
    void bareLineFeedsAndAMessageWithoutBodyAreRead() {
        assertDomain("example.com", "Subject: x\nFrom: a@example.com");
    }

    @Test
    void anEmptyTrailingListElementIsNotAnAddress() {
        assertDomain("example.com", "From: a@example.com,\r\n\r\n");
    }

    @Test
    void twoFromFieldsGiveNoDomain() {
        assertNone("From: a@example.com\r\nFrom: a@example.com\r\n\r\n");
    }

    @Test
    void twoAddressesGiveNoDomainEvenInTheSameDomain() {
        assertNone("From: a@example.com, b@example.org\r\n\r\n");
        assertNone("From: A <a@example.com>, B <b@example.com>\r\n\r\n");
    }

    @Test
    void noFromFieldGivesNoDomain() {
        assertNone("Subject: x\r\nSender: a@example.com\r\nResent-From: a@example.com\r\n\r\nFrom: a@example.com\r\n");
    }

    @Test
    void theBodyIsNeverSearched() {
        assertNone("Subject: x\r\n\r\nFrom: a@example.com\r\n");
        assertNone("Subject: x\r\nthis line is no header field\r\nFrom: a@example.com\r\n");
    }

    @Test
    void addressesWithoutADomainNameGiveNoDomain() {
        assertNone("From: undisclosed-recipients:;\r\n\r\n");
        assertNone("From: postmaster\r\n\r\n");
        assertNone("From: a@[192.0.2.1]\r\n\r\n");
        assertNone("From: John Doe\r\n\r\n");
        assertNone("From:\r\n\r\n");
        assertNone("From: a@exa mple..com\r\n\r\n");
    }

    @Test
    void brokenSyntaxGivesNoDomain() {
        assertNone("From: \"unterminated <a@example.com>\r\n\r\n");
        assertNone("From: a@example.com (unterminated\r\n\r\n");
        assertNone("From: <a@example.com\r\n\r\n");
        assertNone("From: <a@example.com> <b@example.org>\r\n\r\n");
    }

    @Test
    void aGroupWithOneMailboxYieldsItsDomain() {
        assertDomain("example.com", "From: Team: a@example.com;\r\n\r\n");
    }
}
