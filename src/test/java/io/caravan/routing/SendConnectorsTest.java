package io.caravan.routing;

import io.caravan.dns.HostAndPort;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.config.CaravanConfig;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SendConnectorsTest {

    private static final Path DATA = Path.of("/var/lib/caravan-test");

    /** Builds through the public constructor, preserving the order connectors are declared in. */
    private static SendConnectors connectors(Map<String, SendConnectorsConfig.SendConnector> config) {
        return TestConnectors.of(config, DATA);
    }

    private static Map<String, SendConnectorsConfig.SendConnector> ordered(Object... nameAndConnector) {
        Map<String, SendConnectorsConfig.SendConnector> m = new LinkedHashMap<>();
        for (int i = 0; i < nameAndConnector.length; i += 2) {
            m.put((String) nameAndConnector[i], (SendConnectorsConfig.SendConnector) nameAndConnector[i + 1]);
        }
        return m;
    }

    private static String selected(SendConnectors c, String domain) {
        return c.select(domain).map(SendConnector::name).orElse(null);
    }

    @Test
    void exactDomainBeatsWildcardSubdomainBeatsStar() {
        // Declared least specific first, so the choice cannot be "first match wins".
        SendConnectors c = connectors(ordered(
                "internet", TestConnectors.Conn.mx("*"),
                "partners", TestConnectors.Conn.smarthost(List.of("relay.example.com"), 25, "*.example.com"),
                "mail-host", TestConnectors.Conn.smarthost(List.of("mx.example.com"), 25, "mail.example.com")));

        assertEquals("mail-host", selected(c, "mail.example.com"));
        assertEquals("partners", selected(c, "other.example.com"));
        assertEquals("internet", selected(c, "example.org"));
    }

    @Test
    void exactDomainWinsWhateverTheDeclarationOrder() {
        SendConnectors c = connectors(ordered(
                "mail-host", TestConnectors.Conn.mx("mail.example.com"),
                "partners", TestConnectors.Conn.mx("*.example.com"),
                "internet", TestConnectors.Conn.mx("*")));

        assertEquals("mail-host", selected(c, "mail.example.com"));
        assertEquals("partners", selected(c, "other.example.com"));
        assertEquals("internet", selected(c, "example.net"));
    }

    @Test
    void wildcardCoversSubdomainsAtAnyDepthButNotLookalikes() {
        SendConnectors c = connectors(ordered("partners", TestConnectors.Conn.mx("*.example.com")));

        assertEquals("partners", selected(c, "a.example.com"));
        assertEquals("partners", selected(c, "deep.a.example.com"));
        assertNull(selected(c, "badexample.com"));
        assertNull(selected(c, "example.com.evil.org"));
    }

    @Test
    void longerWildcardBeatsShorterWildcard() {
        SendConnectors c = connectors(ordered(
                "broad", TestConnectors.Conn.mx("*.example.com"),
                "narrow", TestConnectors.Conn.mx("*.eu.example.com")));

        assertEquals("narrow", selected(c, "paris.eu.example.com"));
        assertEquals("broad", selected(c, "ny.us.example.com"));
    }

    @Test
    void domainsAreMatchedCaseInsensitively() {
        SendConnectors c = connectors(ordered("hq", TestConnectors.Conn.mx("Example.COM")));

        assertEquals("hq", selected(c, "EXAMPLE.com"));
        assertEquals(List.of("example.com"), c.byName("hq").orElseThrow().addressSpaces());
    }

    @Test
    void noMatchingAddressSpaceSelectsNothing() {
        SendConnectors c = connectors(ordered("hq", TestConnectors.Conn.mx("example.com"), "partners", TestConnectors.Conn.mx("*.partner.example")));

        assertTrue(c.select("example.org").isEmpty());
        assertTrue(c.select("sub.example.com").isEmpty(), "a plain domain does not cover its subdomains");
        assertTrue(c.select("partner.example.org").isEmpty());
    }

    @Test
    void connectorWithoutSmarthostsOrMaildirDeliversByMx() {
        SendConnector c = connectors(ordered("internet", TestConnectors.Conn.mx("*"))).byName("internet").orElseThrow();

        assertEquals(SendConnector.Kind.MX, c.kind());
        assertEquals(List.of(), c.smarthosts());
        assertNull(c.maildir());
        assertEquals("example.org", c.nextHop("Example.ORG"));
    }

    @Test
    void emptySmarthostListMeansMx() {
        SendConnectors c = connectors(ordered("internet", TestConnectors.Conn.smarthost(List.of(), 25, "*")));

        assertEquals(SendConnector.Kind.MX, c.byName("internet").orElseThrow().kind());
    }

    @Test
    void smarthostsWithoutPortTakeTheConnectorPort() {
        SendConnectors c = connectors(ordered(
                "relay", TestConnectors.Conn.smarthost(List.of("relay1.example.com", "relay2.example.com:2525", "[2001:db8::5]"), 587, "*")));
        SendConnector relay = c.byName("relay").orElseThrow();

        assertEquals(SendConnector.Kind.SMARTHOST, relay.kind());
        assertEquals(List.of(new HostAndPort("relay1.example.com", 587), new HostAndPort("relay2.example.com", 2525),
                new HostAndPort("2001:db8::5", 587)), relay.smarthosts());
        assertEquals("relay", relay.nextHop("example.org"), "smarthost mail is queued under the connector");
        assertFalse(c.isMaildir("relay"));
    }

    @Test
    void smarthostDefaultPortIs25WhenTheConnectorKeepsTheDefault() {
        SendConnector relay = connectors(ordered("relay", TestConnectors.Conn.smarthost(List.of("relay.example.com"), 25, "*")))
                .byName("relay").orElseThrow();

        assertEquals(25, relay.smarthosts().get(0).port());
    }

    @Test
    void maildirConnectorResolvesItsDirectoryUnderTheDataDir() {
        SendConnectors c = connectors(ordered("local", TestConnectors.Conn.maildir("mailboxes", "example.com")));
        SendConnector local = c.byName("local").orElseThrow();

        assertEquals(SendConnector.Kind.MAILDIR, local.kind());
        assertEquals(DATA.resolve("mailboxes"), local.maildir());
        assertEquals("local", local.nextHop("example.com"));
        assertTrue(c.isMaildir("local"));
        assertFalse(c.isMaildir("no-such-connector"));
    }

    @Test
    void allListsEveryConnectorAndByNameFindsNoStranger() {
        SendConnectors c = connectors(ordered("a", TestConnectors.Conn.mx("a.example"), "b", TestConnectors.Conn.mx("b.example")));

        assertEquals(List.of("a", "b"), c.all().stream().map(SendConnector::name).toList());
        assertTrue(c.byName("c").isEmpty());
    }

    @Test
    void emptyAddressSpacesAreRejectedNamingTheKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SendConnectors.parse(ordered("nowhere", TestConnectors.Conn.mx()), DATA));

        assertTrue(e.getMessage().startsWith("caravan.send-connectors.nowhere.address-spaces"), e.getMessage());
    }

    @Test
    void addressSpaceThatIsNotADomainIsRejectedNamingKeyAndValue() {
        for (String bad : List.of("exa mple.com", "*.*", "*example.com", "-bad.example", "", "a_b.example", "**")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> SendConnectors.parse(ordered("partners", TestConnectors.Conn.mx("ok.example", bad)), DATA), bad);
            assertTrue(e.getMessage().startsWith("caravan.send-connectors.partners.address-spaces"), e.getMessage());
            assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
        }
    }

    @Test
    void portOutsideRangeIsRejectedNamingTheKey() {
        for (int port : new int[] {0, -25, 65536}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> SendConnectors.parse(ordered("relay", TestConnectors.Conn.smarthost(List.of("r.example"), port, "*")), DATA));
            assertTrue(e.getMessage().startsWith("caravan.send-connectors.relay.port"), e.getMessage());
            assertTrue(e.getMessage().contains(String.valueOf(port)), e.getMessage());
        }
    }

    @Test
    void badSmarthostIsRejectedNamingTheKeyAndTheEntry() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SendConnectors.parse(ordered("relay", TestConnectors.Conn.smarthost(List.of("ok.example", "r.example:99999"), 25, "*")), DATA));

        assertTrue(e.getMessage().startsWith("caravan.send-connectors.relay.smarthosts"), e.getMessage());
        assertTrue(e.getMessage().contains("r.example:99999"), e.getMessage());
    }

    @Test
    void smarthostsAndMaildirTogetherAreRejectedNamingTheConnector() {
        TestConnectors.Conn both = new TestConnectors.Conn(List.of("*"), Optional.of(List.of("relay.example.com")), 25, Optional.of("mailboxes"));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SendConnectors.parse(ordered("confused", both), DATA));

        assertTrue(e.getMessage().startsWith("caravan.send-connectors.confused"), e.getMessage());
        assertTrue(e.getMessage().contains("smarthosts") && e.getMessage().contains("maildir"), e.getMessage());
    }

    @Test
    void constructorValidatesToo() {
        assertThrows(IllegalArgumentException.class, () -> connectors(ordered("nowhere", TestConnectors.Conn.mx())));
    }

    @Test
    void specificityRanksExactAboveWildcardAboveStarAboveNoMatch() {
        SendConnector exact = new SendConnector("e", List.of("mail.example.com"), SendConnector.Kind.MX, List.of(), 25, null);
        SendConnector wild = new SendConnector("w", List.of("*.example.com"), SendConnector.Kind.MX, List.of(), 25, null);
        SendConnector star = new SendConnector("s", List.of("*"), SendConnector.Kind.MX, List.of(), 25, null);

        int e = exact.specificity("mail.example.com");
        int w = wild.specificity("mail.example.com");
        int s = star.specificity("mail.example.com");

        assertTrue(e > w && w > s && s == 0, e + " > " + w + " > " + s);
        assertEquals(-1, exact.specificity("other.example.com"));
        assertEquals(-1, wild.specificity("example.org"));
    }
}
