// caravan diagnose against a stand-in admin API: the query it asks, findings grouped by section, exit 1 on a failure, --json.
package io.caravan.cli;

import com.sun.net.httpserver.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.*;

class DiagnoseCommandTest {

    private HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    static JsonObject finding(String severity, String section, String check, String summary, String evidence, String fix) {
        return new JsonObject().put("severity", severity).put("section", section).put("check", check).put("summary", summary)
                .put("evidence", evidence).put("fix", fix);
    }

    static String report(String target, String worst, JsonObject... findings) {
        return new JsonObject().put("target", target).put("findings", new JsonArray(List.of((Object[]) findings))).put("worst", worst).encode();
    }

    private Map<String, String> answering(String body) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            requests.add(exchange.getRequestURI().toString());
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        return Map.of("CARAVAN_URL", "http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Test
    void aFailureExitsWith1AndFindingsArePrintedPerSectionWithEvidenceAndFix() throws IOException {
        Map<String, String> env = answering(report("example.com", "failure",
                finding("ok", "destination", "routing", "Mail to example.com goes by MX lookup.", "send connector 'internet'", ""),
                finding("failure", "destination", "MX records", "example.com does not exist (NXDOMAIN).", "MX example.com: NXDOMAIN",
                        "Check the spelling.")));
        Cli cli = Cli.run(env, "diagnose", "example.com");
        assertEquals(1, cli.exit(), cli.toString());
        assertEquals(List.of("/api/diagnose?target=example.com"), requests);
        String out = cli.out();
        assertTrue(out.contains("== destination"), out);
        assertTrue(out.contains("[ ok ] routing: Mail to example.com goes by MX lookup."), out);
        assertTrue(out.contains("[FAIL] MX records: example.com does not exist (NXDOMAIN)."), out);
        assertTrue(out.contains("evidence: MX example.com: NXDOMAIN"), out);
        assertTrue(out.contains("fix: Check the spelling."), out);
        assertTrue(out.contains("Worst: FAILURE"), out);
    }

    @Test
    void warningsAloneExitWith0() throws IOException {
        Map<String, String> env = answering(report("self", "warning",
                finding("warning", "our side", "reverse DNS", "PTR names another host.", "PTR: x", "Set caravan.hostname."),
                finding("ok", "configuration", "broker", "The broker answers.", "", "")));
        Cli cli = Cli.run(env, "diagnose", "--self", "--window", "6h");
        assertEquals(0, cli.exit(), cli.toString());
        assertEquals(List.of("/api/diagnose/self?window=6h"), requests);
        assertTrue(cli.out().indexOf("== our side") < cli.out().indexOf("== configuration"), cli.out());
    }

    @Test
    void jsonPrintsTheReportAsTheApiGaveItAndKeepsTheExitCode() throws IOException {
        Map<String, String> env = answering(report("a@example.com", "failure",
                finding("failure", "destination", "RCPT TO", "refused", "550 5.1.1 no such user", "")));
        Cli cli = Cli.run(env, "diagnose", "--json", "a@example.com");
        assertEquals(1, cli.exit());
        assertEquals("failure", new JsonObject(cli.out()).getString("worst"));
        assertEquals(List.of("/api/diagnose?target=a%40example.com"), requests);
    }

    @Test
    void neitherOrBothOfATargetAndSelfIsAUsageError() {
        assertEquals(2, Cli.run(Map.of(), "diagnose").exit());
        assertEquals(2, Cli.run(Map.of(), "diagnose", "--self", "example.com").exit());
    }

    @Test
    void helpNamesTheExchangeAndPostfixEquivalents() {
        Cli cli = Cli.run(Map.of(), "diagnose", "--help");
        assertEquals(0, cli.exit());
        assertTrue(cli.out().contains("Exchange: ") && cli.out().contains("Postfix"), cli.out());
    }
}
