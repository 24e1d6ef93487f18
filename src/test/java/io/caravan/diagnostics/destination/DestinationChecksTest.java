// Point 1 over loopback: MX resolution outcomes told apart, each host probed in order, STARTTLS and certificates, bounded reads.
package io.caravan.diagnostics.destination;

import io.caravan.diagnostics.Diagnosis;
import io.caravan.diagnostics.Finding;
import io.caravan.diagnostics.Report;
import io.caravan.diagnostics.Severity;
import io.caravan.dns.DnsService;
import io.caravan.mail.MailAddress;
import io.caravan.routing.AcceptedDomains;
import io.caravan.routing.MxResolver;
import io.caravan.routing.NextHopResolver;
import io.caravan.routing.SendConnectors;
import io.caravan.routing.SendConnectorsConfig;
import io.caravan.routing.TestConnectors;
import io.caravan.config.CaravanConfig;
import io.caravan.testing.ConfigStub;
import io.caravan.testing.DnsResponder;
import io.caravan.testing.RecordingSmtpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.caravan.diagnostics.FindingsAssert.find;
import static io.caravan.diagnostics.FindingsAssert.none;
import static org.junit.jupiter.api.Assertions.*;

class DestinationChecksTest {

    @TempDir
    Path dataDir;

    DnsResponder dns;
    RecordingSmtpServer mx;
    final List<AutoCloseable> closing = new ArrayList<>();

    @BeforeEach
    void start() {
        dns = DnsResponder.start();
        mx = RecordingSmtpServer.start();
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
        mx.close();
        dns.close();
    }

    Report diagnose(String target, int port) {
        return diagnose(target, port, Clock.systemUTC());
    }

    Report diagnose(String target, int port, Clock clock) {
        DnsService service = DnsService.using(List.of(dns.address()), Duration.ofMillis(500));
        Map<String, SendConnectorsConfig.SendConnector> config = Map.of(
                "internet", new TestConnectors.Conn(List.of("*"), Optional.empty(), port, Optional.empty()),
                "partner", TestConnectors.Conn.smarthost(List.of("127.0.0.1"), port, "partner.test"));
        SendConnectors connectors = TestConnectors.of(config, dataDir);
        AcceptedDomains accepted = new AcceptedDomains(ConfigStub.of(CaravanConfig.class, Map.of("acceptedDomains", Optional.of(List.of("ours.test")))));
        HostProbe.Settings probe = new HostProbe.Settings(Duration.ofSeconds(2), Duration.ofSeconds(1), 5, "caravan.test",
                MailAddress.parse("postmaster@ours.test"));
        Diagnosis d = DestinationChecks.add(new Diagnosis(), Target.parse(target), service, connectors, accepted,
                new NextHopResolver(new MxResolver(service)), probe, clock);
        return d.run(target, Duration.ofSeconds(30));
    }

    @Test
    void theFirstMxRefusesTheSecondWorks_aWarningForTheFirstAndTheConversationWithTheSecond() {
        dns.mx("two.test", 10, "dead.two.test").a("dead.two.test", "127.0.0.2")
                .mx("two.test", 20, "mx.two.test").a("mx.two.test", "127.0.0.1");
        Report r = diagnose("two.test", mx.port());
        find(r, Severity.OK, "goes by MX lookup");
        find(r, Severity.OK, "2 MX record(s)");
        Finding refused = find(r, Severity.WARNING, "Connection refused");
        assertTrue(refused.check().contains("dead.two.test[127.0.0.2]"), refused.check());
        Finding banner = find(r, Severity.OK, "greets");
        assertTrue(banner.check().contains("mx.two.test[127.0.0.1]"));
        assertTrue(banner.evidence().startsWith("220 recorder.test"), banner.evidence());
        find(r, Severity.OK, "EHLO accepted; extensions: PIPELINING, 8BITMIME, SIZE");
        none(r, Severity.FAILURE);
        assertEquals(Severity.WARNING, r.worst());
    }

    @Test
    void aHostWithoutStarttlsIsAWarningThatMailTravelsUnencrypted() {
        dns.mx("plain.test", 10, "mx.plain.test").a("mx.plain.test", "127.0.0.1");
        Report r = diagnose("plain.test", mx.port());
        find(r, Severity.WARNING, "does not offer STARTTLS");
        assertTrue(mx.commandLog().contains("QUIT"), mx.commandLog().toString());
    }

    @Test
    void starttlsIsReportedWithProtocolCipherAndACertificateThatDoesNotNameTheHost() {
        mx.startTls(false);
        dns.mx("tls.test", 10, "mx.tls.test").a("mx.tls.test", "127.0.0.1");
        Report r = diagnose("tls.test", mx.port());
        Finding tls = find(r, Severity.OK, "Encrypted with TLSv1.");
        assertTrue(tls.summary().contains("TLS_"), tls.summary());
        find(r, Severity.WARNING, "expires soon"); // the recorder's certificate lives 2 days
        Finding name = find(r, Severity.WARNING, "does not name mx.tls.test");
        assertTrue(name.evidence().contains("recorder.test"), name.evidence());
        find(r, Severity.WARNING, "self-signed");
        assertTrue(mx.commandLog().stream().filter(c -> c.startsWith("EHLO")).count() >= 2, "EHLO again after STARTTLS");
    }

    @Test
    void anExpiredCertificateIsAWarning() {
        mx.startTls(false); // valid for 2 days; the check looks from 30 days ahead
        dns.mx("old.test", 10, "mx.old.test").a("mx.old.test", "127.0.0.1");
        Report r = diagnose("old.test", mx.port(), Clock.fixed(Instant.now().plus(Duration.ofDays(30)), ZoneOffset.UTC));
        find(r, Severity.WARNING, "The certificate expired on");
    }

    @Test
    void nxdomainIsAFailureThatSaysMailBounces() {
        Report r = diagnose("nowhere.test", mx.port());
        Finding f = find(r, Severity.FAILURE, "does not exist (NXDOMAIN)");
        assertTrue(f.fix().contains("spelling"));
        assertEquals(0, mx.connections());
    }

    @Test
    void servfailIsAFailureThatSaysTheServerAnsweredServfailAndMailIsRetried() {
        dns.servfail("broken.test");
        Report r = diagnose("broken.test", mx.port());
        Finding f = find(r, Severity.FAILURE, "answered SERVFAIL");
        assertTrue(f.summary().contains("retried"));
    }

    @Test
    void aDnsServerThatNeverAnswersIsToldApartFromServfail() {
        dns.silent("silent.test");
        Report r = diagnose("silent.test", mx.port());
        Finding f = find(r, Severity.FAILURE, "No answer from the DNS server");
        assertTrue(f.fix().contains("caravan.dns.servers"));
    }

    @Test
    void aNullMxIsAFailureSayingTheDomainTakesNoMail() {
        dns.nullMx("nomail.test");
        Report r = diagnose("nomail.test", mx.port());
        find(r, Severity.FAILURE, "null MX");
    }

    @Test
    void withoutMxTheAddressRecordsAreUsedAndSaidSo() {
        dns.a("implicit.test", "127.0.0.1");
        Report r = diagnose("implicit.test", mx.port());
        find(r, Severity.WARNING, "no MX records; Caravan falls back to its address records");
        find(r, Severity.OK, "greets");
    }

    @Test
    void anAddressIsProbedWithMailFromAndRcptToShowingTheExactReplyThenRsetAndQuitAndNothingIsSent() {
        mx.onRcpt("gone@probe.test", "550 5.1.1 <gone@probe.test>: no such user here");
        dns.mx("probe.test", 10, "mx.probe.test").a("mx.probe.test", "127.0.0.1");
        Report r = diagnose("gone@probe.test", mx.port());
        Finding f = find(r, Severity.FAILURE, "refuses gone@probe.test permanently");
        assertEquals("550 5.1.1 <gone@probe.test>: no such user here", f.evidence());
        assertTrue(f.fix().toLowerCase().contains("spelling"), f.fix());
        List<String> log = mx.commandLog();
        assertTrue(log.contains("MAIL FROM:<postmaster@ours.test>"), log.toString());
        assertTrue(log.indexOf("RSET") > log.indexOf("RCPT TO:<gone@probe.test>"), log.toString());
        assertTrue(log.contains("QUIT"));
        assertFalse(log.contains("DATA"));
        assertTrue(mx.received().isEmpty());
    }

    @Test
    void anAcceptedAddressIsOk() {
        dns.mx("probe.test", 10, "mx.probe.test").a("mx.probe.test", "127.0.0.1");
        Report r = diagnose("alice@probe.test", mx.port());
        Finding f = find(r, Severity.OK, "accepts mail for alice@probe.test");
        assertTrue(f.evidence().startsWith("250"), f.evidence());
    }

    @Test
    void aHostThatAcceptsAndNeverSpeaksGetsAFindingWithinTheReplyTimeout() throws IOException {
        ServerSocket silent = listen(s -> { });
        dns.mx("mute.test", 10, "mx.mute.test").a("mx.mute.test", "127.0.0.1");
        Report r = diagnose("mute.test", silent.getLocalPort());
        find(r, Severity.WARNING, "said nothing");
        find(r, Severity.FAILURE, "No mail host of mute.test could be reached");
    }

    @Test
    void aHostWithAnEndlessBannerGetsAFindingAndTheRunEnds() throws IOException {
        ServerSocket chatty = listen(s -> {
            OutputStream out = s.getOutputStream();
            byte[] line = "220-welcome welcome welcome\r\n".getBytes(StandardCharsets.US_ASCII);
            while (true) {
                out.write(line);
            }
        });
        dns.mx("chatty.test", 10, "mx.chatty.test").a("mx.chatty.test", "127.0.0.1");
        Report r = diagnose("chatty.test", chatty.getLocalPort());
        find(r, Severity.WARNING, "endless reply");
    }

    @Test
    void aDomainNoSendConnectorCoversIsAFailure() {
        Map<String, SendConnectorsConfig.SendConnector> config = Map.of("only", TestConnectors.Conn.mx("only.test"));
        DnsService service = DnsService.using(List.of(dns.address()), Duration.ofMillis(500));
        SendConnectors connectors = TestConnectors.of(config, dataDir);
        AcceptedDomains accepted = new AcceptedDomains(ConfigStub.of(CaravanConfig.class, Map.of("acceptedDomains", Optional.empty())));
        Report r = DestinationChecks.add(new Diagnosis(), Target.parse("elsewhere.test"), service, connectors, accepted,
                new NextHopResolver(new MxResolver(service)), new HostProbe.Settings(Duration.ofSeconds(1), Duration.ofSeconds(1), 5,
                        "caravan.test", MailAddress.parse("p@ours.test")), Clock.systemUTC()).run("elsewhere.test", Duration.ofSeconds(10));
        Finding f = find(r, Severity.FAILURE, "No send connector covers elsewhere.test");
        assertTrue(f.fix().contains("address-spaces"));
    }

    @Test
    void aSmarthostConnectorIsNamedAndItsHostProbed() {
        Report r = diagnose("partner.test", mx.port());
        find(r, Severity.OK, "goes to the smarthosts");
        find(r, Severity.OK, "greets");
    }

    @Test
    void mtaStsTlsRptAndTlsaAreReportedWhenPresent() {
        dns.mx("strict.test", 10, "mx.strict.test").a("mx.strict.test", "127.0.0.1")
                .txt("_mta-sts.strict.test", "v=STSv1; id=20260101")
                .txt("_smtp._tls.strict.test", "v=TLSRPTv1; rua=mailto:tls@strict.test");
        Report r = diagnose("strict.test", mx.port());
        find(r, Severity.OK, "publishes MTA-STS");
        find(r, Severity.OK, "asks for TLS reports");
    }

    interface Behaviour {
        void serve(Socket s) throws IOException;
    }

    /** A loopback listener that runs the behaviour on each connection (and holds it open afterwards). */
    private ServerSocket listen(Behaviour behaviour) throws IOException {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        closing.add(server);
        Thread t = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    closing.add(s);
                    try {
                        behaviour.serve(s);
                    } catch (IOException e) {
                        // the probe hung up
                    }
                } catch (IOException e) {
                    return;
                }
            }
        });
        t.setDaemon(true);
        t.start();
        return server;
    }
}
