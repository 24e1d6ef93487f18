// The caravan command without a Caravan behind it: usage errors, an unreachable server, and each refusal as one clear line.
package io.caravan.cli;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.caravan.receive.tls.TlsMaterial;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CaravanTest {

    private HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    /** A stand-in admin API on loopback that answers every request with this status and body, recording what it was asked. */
    private Map<String, String> answering(int status, String contentType, String body) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
                    + exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", contentType);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        return Map.of("CARAVAN_URL", "http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Test
    void everyVerbsHelpNamesItsExchangeAndPostfixEquivalent() {
        for (String[] verb : new String[][] {{"queue", "list"}, {"queue", "show"}, {"queue", "retry"}, {"queue", "suspend"},
                {"queue", "resume"}, {"queue", "remove"}, {"track"}, {"quarantine", "list"}, {"quarantine", "show"},
                {"quarantine", "release"}, {"quarantine", "delete"}, {"poison", "list"}, {"poison", "resubmit"}, {"poison", "remove"},
                {"users", "list"}, {"users", "add"}, {"users", "passwd"}, {"users", "remove"}, {"users", "hash"}}) {
            String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(verb), java.util.stream.Stream.of("--help")).toArray(String[]::new);
            Cli cli = Cli.run(Map.of(), args);
            assertEquals(0, cli.exit(), cli.toString());
            assertTrue(cli.out().contains("Exchange: ") && cli.out().contains("Postfix"), String.join(" ", verb) + ": " + cli.out());
        }
        assertTrue(Cli.run(Map.of(), "queue", "list", "--help").out().contains("Get-Queue"));
        assertTrue(Cli.run(Map.of(), "queue", "remove", "--help").out().contains("Remove-Message -WithNDR"));
    }

    @Test
    void aMissingOrUnknownVerbOrArgumentIsAUsageErrorWithExitCode2() {
        assertEquals(2, Cli.run(Map.of()).exit());
        Cli unknown = Cli.run(Map.of(), "queue", "flush");
        assertEquals(2, unknown.exit(), unknown.toString());
        assertTrue(unknown.err().contains("flush"), unknown.err());
        assertEquals(2, Cli.run(Map.of(), "queue", "show").exit(), "NEXT-HOP is required");
        assertEquals(2, Cli.run(Map.of(), "track", "--limit", "many").exit());
        assertEquals(2, Cli.run(Map.of(), "track", "--limit", "0").exit());
    }

    @Test
    void aBadUrlIsAUsageError() {
        Cli cli = Cli.run(Map.of(), "queue", "list", "--url", "ftp://127.0.0.1");
        assertEquals(2, cli.exit(), cli.toString());
        assertEquals("caravan: --url must look like http://127.0.0.1:8080 or https://caravan.example.com:8443, not 'ftp://127.0.0.1'\n",
                cli.err());
    }

    @Test
    void anUnreachableServerExitsWith3AndSaysWhere() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        Cli cli = Cli.run(Map.of("CARAVAN_URL", "http://127.0.0.1:" + port), "queue", "list");
        assertEquals(3, cli.exit(), cli.toString());
        assertTrue(cli.err().startsWith("caravan: cannot reach Caravan at http://127.0.0.1:" + port + "/"), cli.err());
        assertTrue(cli.err().contains("CARAVAN_URL"), cli.err());
        assertEquals(1, cli.err().lines().count(), cli.err());
    }

    @Test
    void theTokenComesFromTheOptionTheFileOrTheEnvironmentInThatOrder() throws IOException {
        Map<String, String> env = new java.util.HashMap<>(answering(200, "application/json", "{\"users\":[]}"));
        env.put("CARAVAN_TOKEN", "from-env");
        Path file = Files.createTempFile("token", "");
        Files.writeString(file, "from-file\n");
        Cli.run(env, "users", "list");
        Cli.run(env, "users", "list", "--token-file", file.toString());
        Cli.run(env, "users", "list", "--token", "from-option", "--token-file", file.toString());
        Files.delete(file);
        assertEquals(List.of("GET /api/users Bearer from-env", "GET /api/users Bearer from-file", "GET /api/users Bearer from-option"),
                requests);
    }

    @Test
    void eachRefusalIsOneClearLine() throws IOException {
        assertRefusal(401, "text/plain", "Authentication required\n", 1,
                "caravan: the admin API requires a token (401): set CARAVAN_TOKEN, or use --token-file or --token");
        assertRefusal(403, "text/plain", "Role viewer may not change anything\n", 1,
                "caravan: this token may only read (403): changes need a token with role admin");
        assertRefusal(404, "application/json", "{\"error\": \"no queued message Q1\"}", 1, "caravan: no queued message Q1");
        assertRefusal(429, "text/plain", "Too many failed attempts; try again later\n", 1,
                "caravan: too many failed attempts from this address (429): wait for caravan.admin.failure-window (10 minutes by default)");
        assertRefusal(400, "application/json", "{\"error\": \"bad \\u001b[31mtime\"}", 2, "caravan: bad \\x1b[31mtime");
    }

    private void assertRefusal(int status, String type, String body, int exit, String line) throws IOException {
        Map<String, String> env = answering(status, type, body);
        Cli cli = Cli.run(env, "queue", "remove", "Q1");
        stop();
        assertEquals(exit, cli.exit(), cli.toString());
        assertEquals(line + "\n", cli.err());
        assertEquals("", cli.out());
    }

    @Test
    void queueListIsAnAlignedTableAndJsonIsTheApisAnswer() throws IOException {
        String body = """
                {"queues": {"caravan.submission": 0, "caravan.delivery": 3, "caravan.bounce": 0, "caravan.poison": 1},
                 "nextHops": [
                   {"nextHop": "example.net", "sendConnector": "internet", "messages": 2, "oldestAgeSeconds": 3900,
                    "nextRetry": null, "lastError": "451 4.3.0 Try again later", "suspended": false},
                   {"nextHop": "slow.example.org", "sendConnector": "internet", "messages": 1, "oldestAgeSeconds": 42,
                    "nextRetry": null, "lastError": "", "suspended": true}]}""";
        Map<String, String> env = answering(200, "application/json", body);
        Cli cli = Cli.run(env, "queue", "list");
        assertEquals(0, cli.exit(), cli.toString());
        assertEquals("""
                NEXT HOP          CONNECTOR  MESSAGES  OLDEST  NEXT RETRY  STATE      LAST ERROR
                example.net       internet   2         1h05m   -           active     451 4.3.0 Try again later
                slow.example.org  internet   1         42s     -           suspended  -
                Queues: submission 0, delivery 3, bounce 0, poison 1
                """, cli.out());
        Cli json = Cli.run(env, "queue", "list", "--json");
        assertEquals(new io.vertx.core.json.JsonObject(body), new io.vertx.core.json.JsonObject(json.out()));
    }

    @Test
    void httpsWorksWithTheServersCertificateGivenAsCaFileOrWithInsecureAndOtherwiseSaysWhatToDo(@TempDir Path dir) throws IOException {
        TlsMaterial tls = TlsMaterial.resolve(Optional.empty(), Optional.empty(), dir, "localhost"); // self-signed, for "localhost"
        HttpsServer https = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        https.setHttpsConfigurator(new HttpsConfigurator(tls.sslContext()));
        https.createContext("/", exchange -> {
            byte[] bytes = "{\"users\": [{\"name\": \"alice@example.com\", \"sendAs\": null}]}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server = https;
        https.start();
        int port = https.getAddress().getPort();

        Cli trusted = Cli.run(Map.of(), "users", "list", "--url", "https://localhost:" + port, "--ca-file", tls.certificate().toString());
        assertEquals(0, trusted.exit(), trusted.toString());
        assertTrue(trusted.out().contains("alice@example.com"), trusted.out());
        Cli insecure = Cli.run(Map.of(), "users", "list", "--url", "https://127.0.0.1:" + port, "--insecure");
        assertEquals(0, insecure.exit(), insecure.toString());

        Cli untrusted = Cli.run(Map.of(), "users", "list", "--url", "https://localhost:" + port);
        assertEquals(3, untrusted.exit(), untrusted.toString());
        assertTrue(untrusted.err().contains("for a self-signed certificate use --ca-file <cert.pem> or --insecure"), untrusted.err());
        Cli wrongName = Cli.run(Map.of(), "users", "list", "--url", "https://127.0.0.1:" + port, "--ca-file", tls.certificate().toString());
        assertEquals(3, wrongName.exit(), "the certificate names localhost, not 127.0.0.1: " + wrongName);
    }

    @Test
    void aPasswordIsNeverAnArgumentAndWithoutATerminalItMustComeFromStdin() throws IOException {
        Map<String, String> env = answering(201, "application/json", "{\"added\": \"bob\"}");
        Cli noTerminal = Cli.run(env, "users", "add", "bob");
        assertEquals(2, noTerminal.exit(), noTerminal.toString());
        assertEquals("caravan: no terminal to ask for the password: pipe it in with --password-stdin\n", noTerminal.err());
        assertEquals(2, Cli.run(env, "users", "add", "bob", "--password", "x").exit());
        assertTrue(requests.isEmpty(), requests.toString());

        Cli piped = Cli.piped(env, "s3cret\n", "users", "add", "bob", "--password-stdin");
        assertEquals(0, piped.exit(), piped.toString());
        assertEquals("Added user bob.\n", piped.out());
    }

    @Test
    void usersHashPrintsALineForAFileKeptElsewhereWithoutAServer() {
        Cli cli = Cli.piped(Map.of(), "pw\n", "users", "hash", "relay", "--send-as", "*", "--password-stdin");
        assertEquals(0, cli.exit(), cli.toString());
        assertTrue(cli.out().matches("relay:\\$2a\\$12\\$[./A-Za-z0-9]{53}:\\*\n"), cli.out());
    }

    @Test
    void aPasswordLineFromStdinStopsAtTheLineEndingAndDropsACarriageReturn() throws IOException {
        assertArrayEquals("s3cr3t with spaces ".toCharArray(), Passwords.readLine(new StringReader("s3cr3t with spaces \r\nnext line")));
        assertArrayEquals("x".repeat(300).toCharArray(), Passwords.readLine(new StringReader("x".repeat(300))));
        assertArrayEquals(new char[0], Passwords.readLine(new StringReader("")));
    }

    @Test
    void aVerdictsTrackingRowShowsItsResultScoreAndAction() {
        io.vertx.core.json.JsonObject inspected = new io.vertx.core.json.JsonObject().put("event", "INSPECTED")
                .put("agent", "content-filter").put("result", "spam").put("score", "7").put("action", "refused")
                .put("reason", "SCL 7");
        assertEquals("agent=content-filter result=spam score=7 action=refused reason=\"SCL 7\"", TrackCommand.detail(inspected));
        io.vertx.core.json.JsonObject refused = new io.vertx.core.json.JsonObject().put("event", "REFUSED")
                .put("reply", "550 5.7.1 Relay access denied").put("phase", "rcpt").put("connector", "default");
        assertEquals("reply=\"550 5.7.1 Relay access denied\" phase=rcpt connector=default", TrackCommand.detail(refused));
    }
}
