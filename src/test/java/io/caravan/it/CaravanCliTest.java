// The caravan command end to end: its main run in-process against the running Caravan, with an admin and a viewer token.
package io.caravan.it;

import io.caravan.cli.Cli;
import io.caravan.receive.ReceiveConnectorComponent;
import io.caravan.testing.SmtpTestClient;
import io.caravan.tracking.TrackingEvent;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@TestProfile(CaravanCliTest.Tokens.class)
@QuarkusTestResource(value = MailWorld.class, restrictToAnnotatedClass = false)
class CaravanCliTest {

    static final String ADMIN = "cli-admin-token-0123456789abcdef";
    static final String VIEWER = "cli-viewer-token-0123456789abcdef";
    static final Duration WAIT = Duration.ofSeconds(30);

    public static class Tokens implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "caravan.admin.tokens.ops.role", "admin", "caravan.admin.tokens.ops.token", ADMIN,
                    "caravan.admin.tokens.grafana.role", "viewer", "caravan.admin.tokens.grafana.token", VIEWER);
        }
    }

    @TestHTTPResource("/")
    URL api;

    @Inject
    CamelContext camel;

    @Inject
    ProducerTemplate producer;

    /** What MessageEvents fires as mail moves (the stages' events are wired on another branch): fired here directly. */
    @Inject
    Event<TrackingEvent> tracking;

    Map<String, String> as(String token) {
        return Map.of("CARAVAN_URL", api.toString(), "CARAVAN_TOKEN", token);
    }

    /** caravan with the admin token; asserts the exit code. */
    Cli caravan(int exit, String... args) {
        Cli cli = Cli.run(as(ADMIN), args);
        assertEquals(exit, cli.exit(), String.join(" ", args) + "\n" + cli);
        return cli;
    }

    int port(String connector) {
        return camel.getComponent("receive-connector", ReceiveConnectorComponent.class).boundPort(connector).orElseThrow();
    }

    String send(String connector, String from, String to, String subject) throws IOException {
        byte[] body = ("From: <" + from + ">\r\nTo: <" + to + ">\r\nSubject: " + subject + "\r\nMessage-ID: <" + subject.replace(' ', '.')
                + "@test>\r\n\r\nHello\r\n").getBytes(StandardCharsets.US_ASCII);
        try (SmtpTestClient c = SmtpTestClient.connect(port(connector))) {
            return RelayPipelineTest.queueId(c.sendMessage(from, List.of(to), body));
        }
    }

    @Test
    void suspendHoldsANextHopThatListAndShowReportAndResumeDeliversIt() throws IOException {
        assertEquals("Suspended hold.test: its mail stays queued until caravan queue resume hold.test.\n",
                caravan(0, "queue", "suspend", "hold.test").out());
        String id = send("default", "s@remote.test", "held@hold.test", "held");

        String shown = Await.until(() -> {
            Cli cli = Cli.run(as(ADMIN), "queue", "show", "hold.test");
            return cli.out().contains(id) ? cli.out() : null;
        }, WAIT, id + " shown under hold.test");
        assertTrue(shown.startsWith("QUEUE ID"), shown);
        assertTrue(shown.lines().anyMatch(l -> l.startsWith(id) && l.contains("s@remote.test") && l.contains("held@hold.test")), shown);

        String list = caravan(0, "queue", "list").out();
        assertTrue(list.lines().anyMatch(l -> l.matches("hold\\.test\\s+internet\\s+1\\s+\\S+\\s+.*\\ssuspended\\s.*")), list);
        assertTrue(list.lines().anyMatch(l -> l.startsWith("Queues: submission ")), list);
        assertTrue(list.contains("At most 20 deliveries to one next hop at once per instance"), list);
        assertFalse(list.contains("Warning"), "the suspensions shown are the broker's current ones: " + list);
        JsonObject json = new JsonObject(caravan(0, "queue", "list", "--json").out());
        assertTrue(json.getJsonArray("nextHops").stream().map(JsonObject.class::cast)
                .anyMatch(q -> q.getString("nextHop").equals("hold.test") && q.getBoolean("suspended")), json.encodePrettily());

        assertEquals("Resumed hold.test.\n", caravan(0, "queue", "resume", "hold.test").out());
        RelayPipelineTest.awaitDeliveryTo("held@hold.test");
        assertEquals("Retrying every next hop now.\n", caravan(0, "queue", "retry").out());
        assertEquals("Retrying hold.test now.\n", caravan(0, "queue", "retry", "hold.test").out());
        assertEquals("No messages are queued for hold.test.\n", caravan(1, "queue", "show", "hold.test").out());
    }

    @Test
    void removeWithReportTakesADeferredMessageOffTheQueueAndTellsTheSender() throws IOException {
        MailWorld.mx.onRcpt("stuck@remote.test", "451 4.3.0 Mailbox busy, try later");
        String id = send("default", "cli-sender@remote.test", "stuck@remote.test", "stuck");
        Await.until(() -> Cli.run(as(ADMIN), "queue", "show", "remote.test").out().lines()
                .anyMatch(l -> l.startsWith(id) && l.contains("451 4.3.0 Mailbox busy")), WAIT, id + " deferred with the recorder's reply");

        // A copy out for its next attempt (every second here) is not on the queue for that moment: ask again.
        Cli removed = Await.until(() -> {
            Cli cli = Cli.run(as(ADMIN), "queue", "remove", id, "--report");
            return cli.exit() == 0 ? cli : null;
        }, WAIT, "the removal of " + id);
        assertEquals("Removed 1 copy of " + id + "; the sender gets a report.\n", removed.out());
        Dsn dsn = Dsn.await("cli-sender@remote.test");
        assertTrue(dsn.deliveryStatus().contains("removed from the queue by the mail administrator"), dsn.deliveryStatus());

        Cli again = caravan(1, "queue", "remove", id);
        assertTrue(again.err().startsWith("caravan: no queued message " + id + " (one out for a delivery attempt"), again.err());
    }

    @Test
    void aQuarantinedMessageIsListedShownAndReleased() throws IOException {
        String id = send("edge", "news@q.test", "cli-quarantined@example.com", "cli offer");

        String list = caravan(0, "quarantine", "list").out();
        assertTrue(list.lines().anyMatch(l -> l.startsWith(id) && l.contains("dmarc") && l.contains("news@q.test")
                && l.contains("cli offer") && l.contains("policy quarantine of q.test")), list);
        String shown = caravan(0, "quarantine", "show", id).out();
        assertTrue(shown.contains("agent:      dmarc"), shown);
        assertTrue(shown.contains("Subject: cli offer"), shown);
        assertNull(EmailAuthenticationTest.maildir("cli-quarantined"), "not delivered while held");

        assertEquals("Released " + id + " for delivery.\n", caravan(0, "quarantine", "release", id).out());
        Await.until(() -> EmailAuthenticationTest.maildir("cli-quarantined"), WAIT, "the released message");
        assertEquals("caravan: no quarantined message " + id + "\n", caravan(1, "quarantine", "show", id).err());

        String other = send("edge", "news@q.test", "cli-discarded@example.com", "cli junk");
        assertEquals("Deleted " + other + " from the quarantine.\n", caravan(0, "quarantine", "delete", other).out());
        assertEquals(1, Cli.run(as(ADMIN), "quarantine", "delete", other).exit());
    }

    @Test
    void aPoisonMessageIsListedAndRemoved() {
        String id = "CLIPOISON" + System.nanoTime();
        producer.sendBodyAndHeaders("jms:queue:caravan.submission?jmsMessageType=Bytes", "Subject: x\r\n\r\nx\r\n",
                Map.of("CaravanQueueId", id, "CaravanMailFrom", "not an address", "CaravanRecipients", "x@remote.test"));
        Await.until(() -> Cli.run(as(ADMIN), "poison", "list").out().contains(id), WAIT, id + " on the poison queue");
        String line = caravan(0, "poison", "list").out().lines().filter(l -> l.startsWith(id)).findFirst().orElseThrow();
        assertTrue(line.matches(".*failed \\d+ times in caravan.submission: .+"), "the list says why: " + line);

        assertEquals("Removed 1 copy of " + id + " from the poison queue.\n", caravan(0, "poison", "remove", id).out());
        assertFalse(caravan(0, "poison", "list").out().contains(id));
        assertEquals("caravan: no poison message " + id + "\n", caravan(1, "poison", "remove", id).err());
        assertEquals("caravan: no poison message " + id + "\n", caravan(1, "poison", "resubmit", id).err());
    }

    @Test
    void aUserAddedThroughTheCliAuthenticatesWithItsPasswordUntilChangedOrRemoved() throws IOException {
        String user = "carol@example.com";
        assertEquals("Added user carol@example.com.\n", Cli.piped(as(ADMIN), "first pass\n", "users", "add", user, "--password-stdin").out());
        assertEquals(235, auth(user, "first pass"));
        Cli exists = Cli.piped(as(ADMIN), "other\n", "users", "add", user, "--password-stdin");
        assertEquals(1, exists.exit(), exists.toString());
        assertEquals("caravan: user carol@example.com exists; change its password with caravan users passwd\n", exists.err());

        String list = caravan(0, "users", "list").out();
        assertTrue(list.lines().anyMatch(l -> l.matches("carol@example\\.com\\s+\\(the user name itself\\)")), list);
        assertTrue(list.lines().anyMatch(l -> l.matches("relayer\\s+\\*")), list);
        assertFalse(list.contains("$2a$") || caravan(0, "users", "list", "--json").out().contains("$2a$"), "never a hash");

        Cli passwd = Cli.piped(as(ADMIN), "second pass\n", "users", "passwd", user, "--password-stdin");
        assertEquals("Changed the password of carol@example.com.\n", passwd.out(), passwd.toString());
        assertEquals(235, auth(user, "second pass"));

        assertEquals("Removed user carol@example.com.\n", caravan(0, "users", "remove", user).out());
        assertEquals(535, auth(user, "second pass"));
        assertEquals("caravan: no user carol@example.com\n", caravan(1, "users", "remove", user).err());
        Cli bad = Cli.piped(as(ADMIN), "pw\n", "users", "add", "bad name", "--password-stdin");
        assertEquals(2, bad.exit(), bad.toString());
        assertTrue(bad.err().startsWith("caravan: username 'bad name' must be non-empty"), bad.err());
    }

    /** The AUTH reply code on the submission connector, from an address of its own so failures lock out no other test. */
    int auth(String user, String password) {
        try (SmtpTestClient c = SmtpTestClient.connectFrom("127.0.0.5", port("client"))) {
            c.greeting();
            c.command("EHLO client.test");
            c.startTls();
            c.command("EHLO client.test");
            return c.command("AUTH PLAIN " + Base64.getEncoder().encodeToString(("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8)))
                    .code();
        }
    }

    @Test
    void trackFindsADeliveredMessageByRecipientWithTheRemoteReplyAndShowsItsTimelineWithTheReport() {
        String id = "TRK" + System.nanoTime();
        String dsn = "DSN" + System.nanoTime();
        Instant t = Instant.now().minusSeconds(60);
        fire(t, TrackingEvent.Type.RECEIVED, id, "tracked@remote.test", Map.of("connector", "default", "size", "812"));
        fire(t.plusMillis(5), TrackingEvent.Type.DEFERRED, id, "tracked@remote.test",
                Map.of("host", "mx1.remote.test[127.0.0.1]:25", "reply", "451 4.3.0 Mailbox busy"));
        fire(t.plusMillis(9), TrackingEvent.Type.FAILED, id, "tracked@remote.test",
                Map.of("host", "mx1.remote.test[127.0.0.1]:25", "reply", "550 5.1.1 No such user"));
        fire(t.plusMillis(10), TrackingEvent.Type.DSN_SENT, id, "tracked@remote.test", Map.of("dsnId", dsn));

        String found = Await.until(() -> {
            Cli cli = Cli.run(as(VIEWER), "track", "--recipient", "tracked@remote.test");
            return cli.out().contains("DSN_SENT") ? cli.out() : null;
        }, WAIT, "the events of " + id + " in the tracking search");
        java.util.List<String> lines = found.lines().toList();
        assertTrue(lines.get(0).matches("TIME\\s+EVENT\\s+QUEUE ID\\s+SENDER\\s+RECIPIENTS\\s+DETAIL"), found);
        assertTrue(lines.get(1).contains("DSN_SENT") && lines.get(1).contains("dsnId=" + dsn), "newest first: " + found);
        assertTrue(lines.get(2).contains("FAILED") && lines.get(2).contains(id) && lines.get(2).contains("sender@remote.test")
                && lines.get(2).contains("reply=\"550 5.1.1 No such user\""), found);

        String timeline = caravan(0, "track", id).out();
        assertTrue(timeline.startsWith("Message " + id + "\n"), timeline);
        java.util.List<String> events = timeline.lines().skip(2).map(l -> l.split("\\s{2,}")[1]).limit(4).toList();
        assertEquals(List.of("RECEIVED", "DEFERRED", "FAILED", "DSN_SENT"), events, timeline);
        assertTrue(timeline.contains("Related: " + dsn), timeline);

        JsonObject json = new JsonObject(caravan(0, "track", "--json", "--queue-id", id, "--event", "failed,deferred").out());
        assertEquals(2, json.getJsonArray("events").size(), json.encodePrettily());
        assertEquals("No events match.\n", caravan(1, "track", "--recipient", "nobody@nowhere.test").out());
        assertTrue(caravan(1, "track", "NOSUCH1").err().startsWith("caravan: no tracking events for queue id NOSUCH1"));
        Cli badTime = caravan(2, "track", "--start", "yesterday");
        assertTrue(badTime.err().startsWith("caravan: start must be an ISO-8601 instant"), badTime.err());
        assertEquals(2, Cli.run(as(ADMIN), "track", id, "--sender", "x@y.test").exit(), "a timeline or a search, not both");
    }

    void fire(Instant time, TrackingEvent.Type type, String id, String recipient, Map<String, String> details) {
        tracking.fire(new TrackingEvent(time, type, id, id + "@test", "sender@remote.test", List.of(recipient), "127.0.0.1",
                new java.util.LinkedHashMap<>(details)));
    }

    @Test
    void aViewerReadsButGetsTheRoleMessageForAChange() {
        assertEquals(0, Cli.run(as(VIEWER), "queue", "list").exit());
        assertEquals(0, Cli.run(as(VIEWER), "users", "list").exit());
        Cli change = Cli.run(as(VIEWER), "queue", "retry");
        assertEquals(1, change.exit(), change.toString());
        assertEquals("caravan: this token may only read (403): changes need a token with role admin\n", change.err());
    }

    @Test
    void aWrongTokenGetsTheTokenMessage() {
        Cli cli = Cli.run(as("not-the-token-0123456789"), "queue", "list");
        assertEquals(1, cli.exit(), cli.toString());
        assertEquals("caravan: the admin API refused the token (401): check CARAVAN_TOKEN, --token-file or --token\n", cli.err());
    }
}
