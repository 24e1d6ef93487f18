// caravan diagnose: why mail to a domain or address does not go out, or (--self) what is wrong on our side.
package io.caravan.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

@Command(name = "diagnose", description = {"Run the troubleshooting checklist and say what is wrong and how to fix it.",
        "Given a DOMAIN or ADDRESS: the send connector and next hop Caravan would choose, the MX records, and each mail host",
        "over SMTP (connect, banner, EHLO, STARTTLS and its certificate; for an address MAIL FROM and RCPT TO, then RSET:",
        "nothing is sent). With --self: our sending addresses (reverse DNS, block lists), our domains' MX, SPF, DKIM and",
        "DMARC, our configuration, and the deferrals and failures of the tracking log in the window.",
        "Exits 1 when anything fails, so it can run from monitoring.",
        "Exchange: Test-Mailflow, the Remote Connectivity Analyzer.  Postfix: nslookup, telnet host 25, openssl s_client."})
final class DiagnoseCommand extends Verb {

    @Parameters(paramLabel = "DOMAIN|ADDRESS", arity = "0..1", description = "The destination: example.com or user@example.com.")
    String target;

    @Option(names = "--self", description = "Check our side, our configuration and recent trouble instead of a destination.")
    boolean self;

    @Option(names = "--window", paramLabel = "DURATION", description = "How far back recent trouble looks (default 1h), e.g. 30m, 6h.")
    String window;

    @Override
    int run(AdminClient api) {
        if (self == (target != null)) {
            throw new CliException(CliException.USAGE, "give a DOMAIN or ADDRESS, or --self");
        }
        Map<String, String> query = new LinkedHashMap<>();
        query.put("target", target);
        query.put("window", window);
        JsonObject report = self ? api.get("/api/diagnose/self", query) : api.get("/api/diagnose", query);
        int exit = "failure".equals(report.getString("worst")) ? CliException.REFUSED : OK;
        if (json) {
            out().println(report.encodePrettily());
        } else {
            print(report);
        }
        out().flush();
        return exit;
    }

    /** Grouped by section, in the order the checks ran; evidence and fix indented under each finding that has them. */
    private void print(JsonObject report) {
        out().println("Diagnosis of " + Format.clean(report.getString("target")));
        String section = null;
        for (Object o : report.getJsonArray("findings", new JsonArray())) {
            JsonObject f = (JsonObject) o;
            if (!f.getString("section", "").equals(section)) {
                section = f.getString("section", "");
                out().println();
                out().println("== " + Format.clean(section));
            }
            String mark = switch (f.getString("severity", "")) {
                case "failure" -> "FAIL";
                case "warning" -> "WARN";
                default -> " ok ";
            };
            out().println("[" + mark + "] " + Format.clean(f.getString("check")) + ": " + Format.clean(f.getString("summary")));
            indent("evidence", f.getString("evidence", ""));
            if (!"ok".equals(f.getString("severity"))) {
                indent("fix", f.getString("fix", ""));
            }
        }
        out().println();
        out().println("Worst: " + report.getString("worst", "ok").toUpperCase(Locale.ROOT));
    }

    private void indent(String label, String text) {
        if (text == null || text.isBlank()) {
            return;
        }
        String[] lines = text.split("\n");
        for (int i = 0; i < lines.length; i++) {
            out().println("       " + (i == 0 ? label + ": " : " ".repeat(label.length() + 2)) + Format.clean(lines[i]));
        }
    }
}
