// Point 3: accepted domains routed inside, no open relay, AUTH usable, connectors bound, our certificate, resources, broker.
package io.caravan.diagnostics.configuration;

import io.caravan.diagnostics.Diagnosis;
import io.caravan.diagnostics.Finding;
import io.caravan.diagnostics.Report;
import io.caravan.diagnostics.Severity;
import io.caravan.receive.connector.ReceiveConnectorsConfig;
import io.caravan.routing.SendConnectors;
import io.caravan.routing.TestConnectors;
import io.caravan.testing.ConfigStub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import static io.caravan.diagnostics.FindingsAssert.find;
import static org.junit.jupiter.api.Assertions.*;

class ConfigurationChecksTest {

    @TempDir
    Path dataDir;

    static ReceiveConnectorsConfig.ReceiveConnector connector(int port, List<String> relayRanges, String auth) {
        return ConfigStub.of(ReceiveConnectorsConfig.ReceiveConnector.class,
                Map.of("bind", "0.0.0.0", "port", port, "relayRanges", Optional.of(relayRanges), "auth", auth));
    }

    Report run(List<String> accepted, Map<String, ReceiveConnectorsConfig.ReceiveConnector> receive, OptionalInt bound,
            Optional<String> usersFile, java.util.concurrent.Callable<String> broker) {
        SendConnectors send = TestConnectors.of(Map.of(
                "internet", TestConnectors.Conn.mx("*"),
                "mailbox", TestConnectors.Conn.smarthost(List.of("mailbox.ours.test"), 25, "ours.test")), dataDir);
        ServerResources.Settings resources = new ServerResources.Settings(Optional.empty(),
                receive.values().stream().anyMatch(c -> c.port() == 25), dataDir.toFile(), 1, 1, broker);
        return ConfigurationChecks.add(new Diagnosis(), new ConnectorCoverage(accepted, send),
                new ReceiveConnectorReview(receive, name -> bound, usersFile), new ServerResources(resources, Clock.systemUTC()))
                .run("self", Duration.ofSeconds(10));
    }

    Report run(List<String> accepted) {
        return run(accepted, Map.of("default", connector(2525, List.of(), "none")), OptionalInt.of(2525), Optional.empty(), () -> "ok");
    }

    @Test
    void anAcceptedDomainRoutedToASmarthostIsOk() {
        Finding f = find(run(List.of("ours.test")), Severity.OK, "goes to send connector 'mailbox'");
        assertEquals("configuration", f.section());
    }

    @Test
    void anAcceptedDomainOnlyTheMxConnectorCoversLoopsAndIsAWarning() {
        find(run(List.of("other.test")), Severity.WARNING, "which points back to us: mail loops");
    }

    @Test
    void anAcceptedDomainNoConnectorCoversIsAFailure() {
        SendConnectors only = TestConnectors.of(Map.of("mailbox", TestConnectors.Conn.maildir("mail", "ours.test")), dataDir);
        Report r = new Diagnosis().add("configuration", "send connectors", new ConnectorCoverage(List.of("lost.test"), only))
                .run("self", Duration.ofSeconds(5));
        find(r, Severity.FAILURE, "is covered by no send connector");
    }

    @Test
    void aRelayRangeCoveringTheInternetIsAnOpenRelayFailure() {
        Report r = run(List.of("ours.test"), Map.of("default", connector(2525, List.of("10.0.0.0/8", "0.0.0.0/0"), "none")),
                OptionalInt.of(2525), Optional.empty(), () -> "ok");
        Finding f = find(r, Severity.FAILURE, "open relay");
        assertTrue(f.evidence().contains("0.0.0.0/0"));
        assertEquals(1, r.findings().stream().filter(x -> x.summary().contains("open relay")).count(), "10.0.0.0/8 is fine");
    }

    @Test
    void authRequiredWithoutAUsersFileIsAFailure() {
        Report r = run(List.of("ours.test"), Map.of("client", connector(2587, List.of(), "required")), OptionalInt.of(2587),
                Optional.empty(), () -> "ok");
        find(r, Severity.FAILURE, "no users file");
    }

    @Test
    void aConnectorThatIsNotListeningIsAFailure() {
        Report r = run(List.of("ours.test"), Map.of("default", connector(2525, List.of(), "none")), OptionalInt.empty(),
                Optional.empty(), () -> "ok");
        find(r, Severity.FAILURE, "Not listening");
    }

    @Test
    void aSelfSignedCertificateOnPort25IsAWarning() {
        Report r = run(List.of("ours.test"), Map.of("default", connector(25, List.of(), "none")), OptionalInt.of(25),
                Optional.empty(), () -> "ok");
        find(r, Severity.WARNING, "Port 25 serves a self-signed certificate");
    }

    @Test
    void anUnreachableBrokerIsAFailure() {
        Report r = run(List.of("ours.test"), Map.of("default", connector(2525, List.of(), "none")), OptionalInt.of(2525),
                Optional.empty(), () -> {
                    throw new IllegalStateException("connection refused");
                });
        Finding f = find(r, Severity.FAILURE, "broker is not reachable");
        assertTrue(f.evidence().contains("connection refused"));
        find(r, Severity.OK, "Enough free heap");
    }
}
