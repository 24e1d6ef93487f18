package io.caravan.check.spf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Macro syntax and expansion (RFC 7208 §7), including the worked examples of §7.4. */
class SpfMacrosTest {

    @AutoClose
    final SpfZone zone = new SpfZone();

    /** §7.4: sender strong-bad@email.example.com, client 192.0.2.3, checking email.example.com. */
    private static String expandRfcExample(String macroString, byte[] ip) throws SpfError {
        return SpfMacros.expand(SpfMacros.parseDomainSpec(macroString), letter -> switch (letter) {
            case 's' -> "strong-bad@email.example.com";
            case 'l' -> "strong-bad";
            case 'o', 'd' -> "email.example.com";
            case 'i' -> SpfAddresses.macroI(ip);
            case 'v' -> SpfAddresses.macroV(ip);
            default -> throw new AssertionError("unexpected macro letter " + letter);
        });
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({
        "%{s}, strong-bad@email.example.com",
        "%{o}, email.example.com",
        "%{d}, email.example.com",
        "%{d4}, email.example.com",
        "%{d3}, email.example.com",
        "%{d2}, example.com",
        "%{d1}, com",
        "%{dr}, com.example.email",
        "%{d2r}, example.email",
        "%{l}, strong-bad",
        "%{l-}, strong.bad",
        "%{lr}, strong-bad",
        "%{lr-}, bad.strong",
        "%{l1r-}, strong",
        "%{ir}.%{v}._spf.%{d2}, 3.2.0.192.in-addr._spf.example.com",
        "%{lr-}.lp._spf.%{d2}, bad.strong.lp._spf.example.com",
        "%{lr-}.lp.%{ir}.%{v}._spf.%{d2}, bad.strong.lp.3.2.0.192.in-addr._spf.example.com",
        "%{ir}.%{v}.%{l1r-}.lp._spf.%{d2}, 3.2.0.192.in-addr.strong.lp._spf.example.com",
        "%{d2}.trusted-domains.example.net, example.com.trusted-domains.example.net",
        "%{d127}, email.example.com",
        "%%%_%-, % %20"})
    void expandsTheRfcExamplesForIpv4(String macroString, String expected) throws SpfError {
        assertEquals(expected, expandRfcExample(macroString, new byte[] {(byte) 192, 0, 2, 3}));
    }

    @Test
    void expandsTheRfcExampleForIpv6AsDottedNibbles() throws SpfError {
        byte[] ip = SpfAddresses.parseIp6("2001:db8::cb01");

        assertEquals("1.0.b.c.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6._spf.example.com",
                expandRfcExample("%{ir}.%{v}._spf.%{d2}", ip));
    }

    @Test
    void uppercaseMacroIsUrlEncoded() throws SpfError {
        String expanded = SpfMacros.expand(SpfMacros.parseExplanation("l=%{L} s=%{S}"),
                letter -> letter == 'l' ? "~jack&jill=up-a_b3.c" : "a b@\u00e9.example");

        assertEquals("l=~jack%26jill%3Dup-a_b3.c s=a%20b%40%C3%A9.example", expanded);
    }

    @ParameterizedTest
    @ValueSource(strings = {"%{c}", "%{r}", "%{t}", "%{a}", "%(ir)", "foo%", "%{d0}", "%{l*}", "a b"})
    void domainSpecRejectsWhatOnlyExplanationsOrNothingAllows(String macroString) {
        assertThrows(SpfError.class, () -> SpfMacros.parseDomainSpec(macroString));
    }

    @Test
    void explanationAllowsSpacesAndTheLettersCrt() throws SpfError {
        long macros = SpfMacros.parseExplanation("%{c} %{r} %{t}!").stream()
                .filter(t -> t instanceof SpfMacros.Macro).count();

        assertEquals(3, macros);
    }

    @Test
    void percentEscapesCountAsMacrosForTheDomainEnd() throws SpfError {
        assertTrue(SpfMacros.endsWithMacro(SpfMacros.parseDomainSpec("foo%%")));
        assertTrue(SpfMacros.endsWithMacro(SpfMacros.parseDomainSpec("%{d}")));
        assertFalse(SpfMacros.endsWithMacro(SpfMacros.parseDomainSpec("%{d}.com")));
    }

    @Test
    void rfcExampleServedFromDnsPasses() {
        zone.spf("email.example.com", "v=spf1 exists:%{ir}.%{v}._spf.%{d2} exists:%{lr-}.lp._spf.%{d2} -all");
        zone.dns.a("3.2.0.192.in-addr._spf.example.com", "127.0.0.2");
        zone.dns.a("bad.strong.lp._spf.example.com", "127.0.0.2");

        SpfVerdict byAddress = zone.check("192.0.2.3", "strong-bad@email.example.com");
        SpfVerdict byLocalPart = zone.check("198.51.100.1", "strong-bad@email.example.com");
        SpfVerdict neither = zone.check("198.51.100.1", "weak-good@email.example.com");

        assertEquals(SpfResult.PASS, byAddress.result());
        assertEquals("exists:%{ir}.%{v}._spf.%{d2}", byAddress.mechanism());
        assertEquals(SpfResult.PASS, byLocalPart.result());
        assertEquals("exists:%{lr-}.lp._spf.%{d2}", byLocalPart.mechanism());
        assertEquals(SpfResult.FAIL, neither.result());
    }

    @Test
    void ipv6ClientExpandsToNibblesInDns() {
        zone.spf("example.com", "v=spf1 exists:%{ir}.%{v}._spf.%{d2} -all");
        zone.dns.a("1.0.b.c.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6._spf.example.com", "127.0.0.2");

        assertEquals(SpfResult.PASS, zone.result("2001:db8::cb01", "alice@example.com"));
    }

    @Test
    void splittingOnDashesAndReversingPicksLocalPartPieces() {
        zone.spf("e11.example.com", "v=spf1 exists:%{i}.%{l2r-}.user.%{d2}");
        zone.dns.a("1.2.3.4.gladstone.philip.user.example.com", "127.0.0.2");
        zone.spf("e12.example.com", "v=spf1 exists:%{l2r+-}.user.%{d2}");
        zone.dns.a("bar.foo.user.example.com", "127.0.0.2");

        assertEquals(SpfResult.PASS, zone.result("1.2.3.4", "philip-gladstone-test@e11.example.com"));
        assertEquals(SpfResult.PASS, zone.result("1.2.3.4", "foo-bar+zip+quux@e12.example.com"));
    }

    @Test
    void escapesInDomainsBecomePercentSpaceAndPercentTwenty() {
        zone.spf("e1a.example.com", "v=spf1 a:macro%%percent%_%_space%-url-space.example.com -all");
        zone.dns.a("macro%percent  space%20url-space.example.com", "1.2.3.4");

        assertEquals(SpfResult.PASS, zone.result("1.2.3.4", "test@e1a.example.com"));
    }

    @Test
    void trailingDotsOfExpandedDomainsAreIgnored() {
        zone.spf("example.com", "v=spf1 redirect=%{d}.d.spf.example.com.");
        zone.spf("example.com.d.spf.example.com", "v=spf1 redirect=a.spf.example.com");
        zone.spf("a.spf.example.com", "v=spf1 include:o.spf.example.com. ~all");
        zone.spf("o.spf.example.com", "v=spf1 ip4:192.168.218.40");

        assertEquals(SpfResult.PASS, zone.result("192.168.218.40", "test@example.com"));
    }

    @Test
    void expandedNameLongerThan253IsCutFromTheLeft() {
        String o = "somewhat.long.exp.example.com";
        zone.spf(o, "v=spf1 -all exp=foobar.%{o}.%{o}.%{o}.%{o}.%{o}.%{o}.%{o}.%{o}.example.com");
        String kept = String.join(".", java.util.Collections.nCopies(8, o)) + ".example.com";
        zone.dns.txt(kept, "Congratulations!  That was tricky.");

        SpfVerdict v = zone.check("192.168.218.40", "test@" + o);

        assertEquals("Congratulations!  That was tricky.", v.explanation());
    }

    @Test
    void cAndIAndVInExplanationsForBothFamilies() {
        zone.spf("e3.example.com", "v=spf1 -all exp=%{ir}.example.com");
        zone.dns.txt("40.218.168.192.example.com", "Connections from %{c} not authorized.");
        zone.spf("e4.example.com", "v=spf1 -all exp=e4msg.example.com");
        zone.dns.txt("e4msg.example.com", "%{c} is queried as %{ir}.%{v}.arpa");

        assertEquals("Connections from 192.168.218.40 not authorized.",
                zone.check("192.168.218.40", "test@e3.example.com").explanation());
        assertEquals("192.168.218.40 is queried as 40.218.168.192.in-addr.arpa",
                zone.check("192.168.218.40", "test@e4.example.com").explanation());
        assertEquals("cafe:babe::1 is queried as "
                + "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.e.b.a.b.e.f.a.c.ip6.arpa",
                zone.check("CAFE:BABE::1", "test@e4.example.com").explanation());
    }

    @Test
    void pIsTheValidatedNameOrUnknown() {
        zone.spf("e6.example.com", "v=spf1 -all exp=e6msg.example.com");
        zone.dns.txt("e6msg.example.com", "connect from %{p}");
        zone.dns.a("mx.example.com", "192.168.218.41").aaaa("mx.example.com", "CAFE:BABE::3");
        zone.dns.ptr("192.168.218.40", "mx.example.com").ptr("192.168.218.41", "mx.example.com");
        zone.dns.ptr("CAFE:BABE::1", "mx.example.com").ptr("CAFE:BABE::3", "mx.example.com");

        assertEquals("connect from unknown", zone.check("192.168.218.40", "test@e6.example.com").explanation());
        assertEquals("connect from mx.example.com", zone.check("192.168.218.41", "test@e6.example.com").explanation());
        assertEquals("connect from unknown", zone.check("CAFE:BABE::1", "test@e6.example.com").explanation());
        assertEquals("connect from mx.example.com", zone.check("CAFE:BABE::3", "test@e6.example.com").explanation());
    }

    @Test
    void pPrefersAValidatedNameUnderTheDomain() {
        zone.spf("e7.example.com", "v=spf1 exists:%{p}.should.example.com ~exists:%{p}.ok.example.com");
        zone.dns.ptr("192.168.218.42", "mx.example.com").ptr("192.168.218.42", "mx.e7.example.com");
        zone.dns.a("mx.example.com", "192.168.218.42").a("mx.e7.example.com", "192.168.218.42");
        zone.dns.a("mx.e7.example.com.should.example.com", "127.0.0.2").a("mx.example.com.ok.example.com", "127.0.0.2");

        assertEquals(SpfResult.PASS, zone.result("192.168.218.42", "test@e7.example.com"));
    }

    @Test
    void heloMacroWorksEvenWhenHeloIsNoDomainName() {
        zone.spf("e9.example.com", "v=spf1 a:%{H} -all");
        zone.dns.a("msgbas2x.cos.example.com", "192.168.218.40");

        assertEquals(SpfResult.PASS,
                zone.check("192.168.218.40", "test@e9.example.com", "msgbas2x.cos.example.com").result());
        assertEquals(SpfResult.FAIL, zone.check("192.168.218.40", "test@e9.example.com", "JUMPIN' JUPITER").result());
        assertEquals(SpfResult.FAIL, zone.check("192.168.218.40", "test@e9.example.com", "[192.168.218.40]").result());
    }

    @Test
    void policyCanRequireAValidHelo() {
        zone.spf("e10.example.com", "v=spf1 -include:_spfh.%{d2} ip4:1.2.3.0/24 -all");
        zone.spf("_spfh.example.com", "v=spf1 -a:%{h} +all");
        zone.dns.a("mail.example.com", "1.2.3.4");

        assertEquals(SpfResult.FAIL, zone.check("1.2.3.4", "test@e10.example.com", "OEMCOMPUTER").result());
        assertEquals(SpfResult.PASS, zone.check("1.2.3.4", "test@e10.example.com", "mail.example.com").result());
    }
}
