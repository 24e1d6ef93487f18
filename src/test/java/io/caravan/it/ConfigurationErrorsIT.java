// Starts the packaged jar with broken configuration: it must stop at once, naming each wrong key.
package io.caravan.it;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

class ConfigurationErrorsIT {

    @Test
    void invalidConnectorSettingsStopStartUpWithMessagesNamingTheKeys() throws Exception {
        Path dataDir = Files.createTempDirectory(Path.of("target"), "badconfig-");
        String log = run(dataDir, List.of(
                "-Dcaravan.receive-connectors.default.port=" + PackagedCaravan.freePort(),
                "-Dcaravan.receive-connectors.client.port=" + PackagedCaravan.freePort(),
                "-Dcaravan.receive-connectors.default.tls=sometimes",
                "-Dcaravan.receive-connectors.default.relay-ranges=10/8",
                "-Dcaravan.send-connectors.internet.smarthosts=relay.example.com:99999",
                "-Dcaravan.delivery.retry=5x",
                "-Dcaravan.broker.max-delivery-attempts=0",
                "-Dcaravan.checks.spff.action=reject",
                "-Dcaravan.checks.dmarc.action=drop",
                "-Dcaravan.checks.header-rule.pattern=(unclosed",
                "-Dcaravan.checks.content-filter.reject-threshold=10",
                "-Dcaravan.checks.content-filter.rspamd.on-failure=later"));
        assertTrue(log.contains("caravan.receive-connectors.default.tls: 'sometimes' is not one of none, starttls, starttls-required, implicit"), log);
        assertTrue(log.contains("caravan.receive-connectors.default.relay-ranges: '10/8' is not an IP address or CIDR range"), log);
        assertTrue(log.contains("caravan.send-connectors.internet.smarthosts: 'relay.example.com:99999' has a port outside 1-65535"), log);
        assertTrue(log.contains("caravan.delivery.retry: '5x'"), log);
        assertTrue(log.contains("caravan.broker.max-delivery-attempts: 0 is not 1-50"), log);
        assertTrue(log.contains("caravan.checks.spff: no inspection agent is called 'spff' (known: "), log);
        assertTrue(log.contains("caravan.checks.dmarc.action: 'drop' is not one of ignore, quarantine, reject, tag"), log);
        assertTrue(log.contains("caravan.checks.header-rule.pattern: not a regular expression"), log);
        assertTrue(log.contains("caravan.checks.content-filter.reject-threshold: '10' is not an SCL from 0 to 9, nor off"), log);
        assertTrue(log.contains("caravan.checks.content-filter.rspamd.on-failure: 'later' is not one of hold, accept"), log);
    }

    @Test
    void badFilterListsStopStartUpNamingTheKeys() throws Exception {
        Path dataDir = Files.createTempDirectory(Path.of("target"), "badconfig-");
        String log = run(dataDir, List.of(
                "-Dcaravan.receive-connectors.default.port=" + PackagedCaravan.freePort(),
                "-Dcaravan.receive-connectors.client.port=" + PackagedCaravan.freePort(),
                "-Dcaravan.checks.connection-filter.block=192.0.2.0/33",
                "-Dcaravan.checks.connection-filter.allow-file=" + dataDir.resolve("no-such-allow.txt"),
                "-Dcaravan.checks.connection-filter.dns-block-lists[0].zone=zen.example.org",
                "-Dcaravan.checks.connection-filter.dns-block-lists[0].listed-answers=127.0.0.9-127.0.0.2",
                "-Dcaravan.checks.recipient-filter.recipients-file=" + dataDir.resolve("no-such-recipients.txt"),
                "-Dcaravan.checks.sender-filter.action=quarantine"));
        assertTrue(log.contains("caravan.checks.connection-filter.block: entry 1: '192.0.2.0/33' has a prefix length outside 0-32"), log);
        assertTrue(log.contains("caravan.checks.connection-filter.allow-file: " + dataDir.resolve("no-such-allow.txt") + " does not exist"), log);
        assertTrue(log.contains("caravan.checks.connection-filter.dns-block-lists[0].listed-answers: '127.0.0.9-127.0.0.2' ends before it starts"), log);
        assertTrue(log.contains("caravan.checks.recipient-filter.recipients-file: " + dataDir.resolve("no-such-recipients.txt") + " does not exist"), log);
        assertTrue(log.contains("caravan.checks.sender-filter.action: 'quarantine' is not one of ignore, reject, tag"), log);
    }

    @Test
    void authWithoutTlsIsRefusedAtStartUp() throws Exception {
        Path dataDir = Files.createTempDirectory(Path.of("target"), "badconfig-");
        String log = run(dataDir, List.of(
                "-Dcaravan.receive-connectors.default.port=" + PackagedCaravan.freePort(),
                "-Dcaravan.receive-connectors.client.port=" + PackagedCaravan.freePort(),
                "-Dcaravan.receive-connectors.client.tls=none"));
        assertTrue(log.contains("caravan.receive-connectors.client.auth: AUTH is only offered over TLS"), log);
    }

    @Test
    void aPostmasterThatIsNotAnAddressStopsStartUpNamingTheKey() throws Exception {
        Path dataDir = Files.createTempDirectory(Path.of("target"), "badconfig-");
        String log = run(dataDir, List.of(
                "-Dcaravan.receive-connectors.default.port=" + PackagedCaravan.freePort(),
                "-Dcaravan.receive-connectors.client.port=" + PackagedCaravan.freePort(),
                "-Dcaravan.postmaster=nobody"));
        assertTrue(log.contains("caravan.postmaster: 'nobody' is not a valid address (address must be local-part@domain)"), log);
    }

    /** Runs the jar until it exits (it must, within a minute) and returns what it printed. */
    private static String run(Path dataDir, List<String> config) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add("-Dcaravan.data-dir=" + dataDir.toAbsolutePath());
        cmd.add("-Dquarkus.http.port=0");
        cmd.addAll(config);
        Path out = dataDir.resolve("caravan.log");
        Process p = PackagedCaravan.start(cmd, out);
        try {
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "Caravan kept running with broken configuration");
            assertNotEquals(0, p.exitValue(), "start-up must fail");
            return Files.readString(out);
        } finally {
            p.destroyForcibly();
        }
    }
}
