// Two packaged instances on one standalone Artemis: a suspension holds on both and survives a restart; tracking finds mail on either.
package io.caravan.it;

import io.caravan.testing.RecordingSmtpServer;
import io.caravan.testing.SmtpTestClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Issue 17: "suspensions are the same from every instance and survive a restart; tracking search finds a message
 * whichever instance handled it". Instance A and B share a real Artemis 2.40 broker (ExternalArtemis) and the admin
 * token, and both list both admin URLs as peers (each recognises itself). The next hop is the "internet" send
 * connector's smarthost, a recording SMTP server.
 */
class SharedStateIT {

    static final String TOKEN = "shared-state-admin-token-0123456789";
    private final List<Process> processes = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void killAll() {
        processes.forEach(Process::destroyForcibly);
    }

    /** One instance: its own ports and data directory, the shared broker, token and peers. */
    private record Instance(String name, int smtp, int admin, Path dataDir, List<String> config) {
        String url() {
            return "http://127.0.0.1:" + admin;
        }
    }

    private static Instance instance(String name, Path root, ExternalArtemis broker, int nextHop, int admin, List<String> peers) throws IOException {
        int smtp = PackagedCaravan.freePort();
        Path dataDir = Files.createDirectories(root.resolve(name));
        List<String> config = new ArrayList<>(broker.caravanConfig());
        config.addAll(List.of(
                "-Dcaravan.hostname=" + name + ".caravan.test",
                "-Dcaravan.data-dir=" + dataDir.toAbsolutePath(),
                "-Dcaravan.receive-connectors.default.port=" + smtp,
                "-Dcaravan.receive-connectors.client.port=" + PackagedCaravan.freePort(),
                "-Dcaravan.receive-connectors.default.relay-ranges=127.0.0.0/8",
                "-Dcaravan.send-connectors.internet.smarthosts=127.0.0.1:" + nextHop,
                "-Dcaravan.admin.tokens.ops.role=admin",
                "-Dcaravan.admin.tokens.ops.token=" + TOKEN,
                "-Dcaravan.queue.suspension-refresh=1s",
                "-Dcaravan.peers.urls=" + String.join(",", peers),
                "-Dcaravan.peers.timeout=2s",
                "-Dquarkus.http.port=" + admin));
        return new Instance(name, smtp, admin, dataDir, config);
    }

    private Process start(Instance i) throws IOException {
        Process p = PackagedCaravan.start(i.config(), i.dataDir().resolve("run-" + System.nanoTime() + ".log"));
        processes.add(p);
        PackagedCaravan.awaitListening(i.smtp(), p);
        PackagedCaravan.awaitListening(i.admin(), p);
        return p;
    }

    private JsonObject call(String method, String url, String... headers) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + TOKEN)
                    .method(method, HttpRequest.BodyPublishers.noBody());
            for (int h = 0; h < headers.length; h += 2) {
                b.header(headers[h], headers[h + 1]);
            }
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), method + " " + url + ": " + r.body());
            return new JsonObject(r.body());
        } catch (IOException e) {
            throw new AssertionError(method + " " + url + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private JsonObject hop(Instance i, String nextHop) {
        for (Object o : call("GET", i.url() + "/api/queues").getJsonArray("nextHops")) {
            if (nextHop.equals(((JsonObject) o).getString("nextHop"))) {
                return (JsonObject) o;
            }
        }
        return null;
    }

    private boolean suspendedOn(Instance i) {
        JsonObject h = hop(i, "internet");
        return h != null && h.getBoolean("suspended");
    }

    private static String send(Instance i, String rcpt) {
        try (SmtpTestClient c = SmtpTestClient.connect(i.smtp())) {
            return RelayPipelineTest.queueId(c.sendMessage("sender@origin.test", List.of(rcpt),
                    ("Subject: shared\r\nMessage-ID: <" + rcpt + ">\r\n\r\nheld, then delivered\r\n").getBytes(StandardCharsets.US_ASCII)));
        }
    }

    private static List<String> events(JsonObject answer) {
        return answer.getJsonArray("events", new JsonArray()).stream().map(e -> ((JsonObject) e).getString("event")).toList();
    }

    @Test
    void aSuspensionHoldsOnEveryInstanceAcrossARestartAndTrackingFindsMailWhicheverInstanceHandledIt() throws Exception {
        Path root = Files.createTempDirectory(Path.of("target"), "shared-");
        try (ExternalArtemis broker = ExternalArtemis.create(root.resolve("broker"));
             RecordingSmtpServer nextHop = RecordingSmtpServer.start()) {
            broker.start();
            int adminA = PackagedCaravan.freePort();
            int adminB = PackagedCaravan.freePort();
            List<String> peers = List.of("http://127.0.0.1:" + adminA, "http://127.0.0.1:" + adminB);
            Instance a = instance("a", root, broker, nextHop.port(), adminA, peers);
            Instance b = instance("b", root, broker, nextHop.port(), adminB, peers);
            Process processA = start(a);
            Process processB = start(b);

            // suspended on A, held on B too: the mail B receives stays queued
            call("POST", a.url() + "/api/queues/internet/suspend");
            Await.until(() -> suspendedOn(b), Duration.ofSeconds(15), "B to see A's suspension");
            assertEquals("ops", hop(b, "internet").getString("suspendedBy"));
            String held = send(b, "held@far.test");
            Await.until(() -> hop(a, "internet") != null && hop(a, "internet").getInteger("messages") == 1, Duration.ofSeconds(30),
                    held + " queued for the suspended next hop");

            // B restarts: the suspension is still in force there, and nothing went out meanwhile
            processB.destroy();
            assertTrue(processB.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "B stops on SIGTERM");
            start(b);
            assertTrue(suspendedOn(b), "after its restart B reads the suspension from the broker");
            assertTrue(call("GET", b.url() + "/api/queues").getJsonObject("suspensions").getBoolean("current"));
            assertTrue(nextHop.received().isEmpty(), "nothing was delivered while suspended");

            // resumed on B: the held message goes out at once, and A sees the next hop active again
            call("POST", b.url() + "/api/queues/internet/resume");
            RecordingSmtpServer.Received got = nextHop.awaitMessage(Duration.ofSeconds(30));
            assertEquals(List.of("held@far.test"), got.rcptTo());
            Await.until(() -> !suspendedOn(a), Duration.ofSeconds(15), "A to see B's resume");

            // a message received by A is found by a search on B, with B's own store not knowing its reception
            String fromA = send(a, "found@far.test");
            nextHop.awaitMessage(Duration.ofSeconds(30));
            JsonObject onB = Await.until(() -> {
                JsonObject answer = call("GET", b.url() + "/api/tracking?queueId=" + fromA);
                return events(answer).contains("RECEIVED") && events(answer).contains("DELIVERED") ? answer : null;
            }, Duration.ofSeconds(30), fromA + "'s RECEIVED and DELIVERED found through B");
            assertEquals(new JsonArray().add(a.url()), onB.getJsonObject("peers").getJsonArray("answered"), "B asks A, not itself");
            assertFalse(onB.getBoolean("partial"));
            assertFalse(events(call("GET", b.url() + "/api/tracking?queueId=" + fromA, "Caravan-Peer-Query", "a peer"))
                    .contains("RECEIVED"), "B alone does not have it: A received it");
            JsonObject timeline = call("GET", b.url() + "/api/tracking/messages/" + fromA);
            assertEquals("RECEIVED", events(timeline).get(0), "the timeline through B starts with A's reception");

            // A is gone: B still answers, says the answer is partial and why
            processA.destroyForcibly().waitFor();
            JsonObject partial = call("GET", b.url() + "/api/tracking?sender=sender@origin.test");
            assertTrue(partial.getBoolean("partial"));
            assertEquals(a.url(), partial.getJsonObject("peers").getJsonArray("unanswered").getJsonObject(0).getString("peer"));
        }
    }
}
