// The world around Caravan in end-to-end tests: a DNS responder and a recording SMTP server on loopback.
package io.caravan.it;

import io.caravan.testing.DnsResponder;
import io.caravan.testing.RecordingSmtpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Started before Caravan so its configuration can point at them. Among the receive connectors: "default"
 * trusts loopback as a relay range; "edge" is anonymous with small limits; "lenient" allows bare LF; "tiny" times out
 * fast (idle 1 s, data 2 s); "crowded" has 3 slots, 2 per address, and closes sessions stalled for 1 s to make room. Remote domains resolve
 * through the DNS responder to the recorder (127.0.0.1) or to 127.0.0.2, where nothing listens.
 */
public class MailWorld implements QuarkusTestResourceLifecycleManager {

    static DnsResponder dns;
    static RecordingSmtpServer mx;
    static RecordingSmtpServer tlsHop;
    static RecordingSmtpServer brokenTlsHop;
    static RecordingSmtpServer noDsnHop;
    /** Announces SIZE 2000: larger messages must fail without being sent. */
    static RecordingSmtpServer smallHop;

    @Override
    public Map<String, String> start() {
        dns = DnsResponder.start();
        mx = RecordingSmtpServer.start();
        tlsHop = RecordingSmtpServer.start().startTls(false);
        brokenTlsHop = RecordingSmtpServer.start().startTls(true);
        noDsnHop = RecordingSmtpServer.start().extensions("PIPELINING", "8BITMIME", "ENHANCEDSTATUSCODES");
        smallHop = RecordingSmtpServer.start().noTls().extensions("PIPELINING", "SIZE 2000", "ENHANCEDSTATUSCODES");
        dns.mx("remote.test", 10, "mx1.remote.test").a("mx1.remote.test", "127.0.0.1");
        dns.mx("fallback.test", 10, "dead.fallback.test").a("dead.fallback.test", "127.0.0.2")
                .mx("fallback.test", 20, "live.fallback.test").a("live.fallback.test", "127.0.0.1");
        dns.a("implicit.test", "127.0.0.1");
        for (String held : new String[] {"hold.test", "hold-report.test", "hold-silent.test", "later.test"}) {
            dns.mx(held, 10, "mx1.remote.test");
        }
        dns.nullMx("nullmx.test");
        dns.servfail("broken.test");
        dns.servfail("stuck.test");
        dns.silent("silent.test");
        dns.txt("strict.test", "v=spf1 -all").txt("_dmarc.strict.test", "v=DMARC1; p=reject");
        dns.txt("q.test", "v=spf1 -all").txt("_dmarc.q.test", "v=DMARC1; p=quarantine");
        dns.txt("good.test", "v=spf1 ip4:127.0.0.1 -all").txt("_dmarc.good.test", "v=DMARC1; p=reject");
        dns.txt("tempfail.test", "v=spf1 -all").servfail("_dmarc.tempfail.test");
        Map<String, String> config = new HashMap<>();
        String dataDir = "target/test-data/" + UUID.randomUUID();
        config.put("caravan.hostname", "caravan.test");
        config.put("caravan.data-dir", dataDir);
        config.put("caravan.auth.users-file", writeUsers(java.nio.file.Path.of(dataDir)).toString());
        config.put("caravan.auth.max-failures", "3");
        config.put("caravan.receive-connectors.client.port", "0");
        config.put("caravan.receive-connectors.client.bind", "127.0.0.1");
        config.put("caravan.receive-connectors.smtps.port", "0");
        config.put("caravan.receive-connectors.smtps.bind", "127.0.0.1");
        config.put("caravan.receive-connectors.smtps.tls", "implicit");
        config.put("caravan.receive-connectors.smtps.auth", "optional");
        config.put("caravan.receive-connectors.restricted.port", "0");
        config.put("caravan.receive-connectors.restricted.remote-ranges", "127.0.0.2/32");
        config.put("caravan.receive-connectors.tiny.max-messages-per-minute-per-ip", "2");
        config.put("caravan.dns.servers", dns.address());
        config.put("caravan.dns.timeout", "1s");
        config.put("caravan.accepted-domains", "example.com");
        config.put("caravan.receive-connectors.default.port", "0");
        config.put("caravan.receive-connectors.default.relay-ranges", "127.0.0.0/8");
        config.put("caravan.receive-connectors.edge.port", "0");
        config.put("caravan.receive-connectors.edge.bind", "127.0.0.1");
        config.put("caravan.receive-connectors.edge.max-message-size", "4096");
        config.put("caravan.receive-connectors.edge.max-recipients", "3");
        config.put("caravan.receive-connectors.inbound.port", "0"); // anonymous, default limits: large mail from the internet
        config.put("caravan.receive-connectors.inbound.bind", "127.0.0.1");
        config.put("caravan.receive-connectors.lenient.port", "0"); // for clients that end command lines with LF alone
        config.put("caravan.receive-connectors.lenient.bind", "127.0.0.1");
        config.put("caravan.receive-connectors.lenient.allow-bare-newlines", "true");
        config.put("caravan.receive-connectors.tiny.port", "0");
        config.put("caravan.receive-connectors.tiny.bind", "127.0.0.1");
        config.put("caravan.receive-connectors.tiny.idle-timeout", "1s");
        config.put("caravan.receive-connectors.tiny.max-connections", "3");
        config.put("caravan.receive-connectors.tiny.max-connections-per-ip", "2");
        config.put("caravan.receive-connectors.tiny.data-timeout", "2s");
        config.put("caravan.receive-connectors.crowded.port", "0"); // full quickly: stalled sessions make room after 1 s
        config.put("caravan.receive-connectors.crowded.bind", "127.0.0.1");
        config.put("caravan.receive-connectors.crowded.max-connections", "3");
        config.put("caravan.receive-connectors.crowded.max-connections-per-ip", "2");
        config.put("caravan.receive-connectors.crowded.evict-idle-after", "1s");
        config.put("caravan.broker.redelivery-delay", "50ms");
        config.put("caravan.send-connectors.internet.port", Integer.toString(mx.port()));
        config.put("caravan.send-connectors.tls-hop.address-spaces", "tls.test");
        config.put("caravan.send-connectors.tls-hop.smarthosts", "127.0.0.1:" + tlsHop.port());
        config.put("caravan.send-connectors.broken-tls-hop.address-spaces", "brokentls.test");
        config.put("caravan.send-connectors.broken-tls-hop.smarthosts", "127.0.0.1:" + brokenTlsHop.port());
        config.put("caravan.send-connectors.no-dsn-hop.address-spaces", "nodsn.test");
        config.put("caravan.send-connectors.no-dsn-hop.smarthosts", "127.0.0.1:" + noDsnHop.port());
        config.put("caravan.send-connectors.small-hop.address-spaces", "small.test");
        config.put("caravan.send-connectors.small-hop.smarthosts", "127.0.0.1:" + smallHop.port());
        config.put("caravan.dkim.\"example.com\".algorithm", "both");
        config.put("caravan.delivery.retry", "1s");
        config.put("caravan.delivery.delay-notice", "3s");
        config.put("caravan.checks.header-rule.field", "Subject");      // the example agent's own keys
        config.put("caravan.checks.header-rule.pattern", "(?i)forbidden-token");
        config.put("caravan.checks.header-rule.action", "reject");
        config.put("quarkus.http.test-port", "0");
        return config;
    }

    static final String PASSWORD = "correct horse battery staple";

    /** alice@example.com may send as herself only; relayer may send as anyone. bcrypt cost 4 keeps tests fast. */
    static java.nio.file.Path writeUsers(java.nio.file.Path dataDir) {
        try {
            java.nio.file.Files.createDirectories(dataDir);
            String hash = at.favre.lib.crypto.bcrypt.BCrypt.withDefaults().hashToString(4, PASSWORD.toCharArray());
            java.nio.file.Path users = dataDir.resolve("users");
            java.nio.file.Files.writeString(users, "# test users\nalice@example.com:" + hash + "\nrelayer:" + hash + ":*\n");
            return users.toAbsolutePath();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        for (RecordingSmtpServer server : new RecordingSmtpServer[] {mx, tlsHop, brokenTlsHop, noDsnHop, smallHop}) {
            if (server != null) {
                server.close();
            }
        }
        if (dns != null) {
            dns.close();
        }
    }
}
