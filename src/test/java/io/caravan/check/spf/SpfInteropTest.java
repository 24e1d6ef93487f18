package io.caravan.check.spf;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Runs pyspf (python3-spf, the reference implementation behind the RFC 7208 test suite) against
 * the same loopback zone and expects the same result and, for fail with exp=, the same text.
 * Without a python3 that can import spf and dnspython the test fails (it never skips): {@code .ci/test-deps}
 * installs them.
 */
class SpfInteropTest {

    // pyspf resolves through dnspython's default resolver; point it at our responder.
    private static final String PYSPF = """
            import sys, warnings
            warnings.simplefilter("ignore")
            import dns.resolver, spf
            r = dns.resolver.Resolver(configure=False)
            r.nameservers = ["127.0.0.1"]
            r.port = int(sys.argv[1])
            r.lifetime = 5
            dns.resolver.default_resolver = r
            for line in sys.stdin:
                ip, sender, helo = line.rstrip("\\n").split("\\t")
                result, explanation = spf.check2(i=ip, s=sender, h=helo, receiver="mx.caravan.test", querytime=10)
                print(result + "\\t" + explanation.replace("\\n", " "), flush=True)
            """;

    private record Case(String ip, String sender, String helo) {
        String line() {
            return ip + "\t" + sender + "\t" + helo + "\n";
        }
    }

    @AutoClose
    final SpfZone zone = new SpfZone();

    private String python;

    @BeforeEach
    void findPyspf() {
        python = pythonWithPyspf();
        if (python == null) {
            fail("no python3 with pyspf and dnspython: apt-get install python3-spf python3-dnspython (or run .ci/test-deps)");
        }
    }

    @Test
    void agreesWithPyspfOnResultsAndExplanations() throws Exception {
        publishZone();
        List<Case> cases = List.of(
                new Case("192.0.2.10", "alice@ip4.example.com", "mail.example.com"),
                new Case("192.0.3.10", "alice@ip4.example.com", "mail.example.com"),
                new Case("2001:db8:1::5", "alice@ip6.example.com", "mail.example.com"),
                new Case("2001:db9::5", "alice@ip6.example.com", "mail.example.com"),
                new Case("::ffff:192.0.2.10", "alice@ip4.example.com", "mail.example.com"),
                new Case("198.51.100.7", "alice@amx.example.com", "mail.example.com"),
                new Case("198.51.100.200", "alice@amx.example.com", "mail.example.com"),
                new Case("203.0.113.9", "alice@amx.example.com", "mail.example.com"),
                new Case("2001:db8:2::99", "alice@amx.example.com", "mail.example.com"),
                new Case("192.0.2.10", "alice@inc.example.com", "mail.example.com"),
                new Case("203.0.113.1", "alice@inc.example.com", "mail.example.com"),
                new Case("192.0.2.10", "alice@redir.example.com", "mail.example.com"),
                new Case("203.0.113.1", "alice@redir.example.com", "mail.example.com"),
                new Case("203.0.113.1", "strong-bad@exp.example.com", "mail.example.com"),
                new Case("192.0.2.3", "strong-bad@email.example.com", "mail.example.com"),
                new Case("198.51.100.1", "strong-bad@email.example.com", "mail.example.com"),
                new Case("192.0.2.1", "alice@many.example.com", "mail.example.com"),
                new Case("192.0.2.1", "alice@void.example.com", "mail.example.com"),
                new Case("192.0.2.1", "alice@twice.example.com", "mail.example.com"),
                new Case("192.0.2.1", "alice@nothing.example.com", "mail.example.com"),
                new Case("192.0.2.1", "alice@broken.example.com", "mail.example.com"),
                new Case("192.0.2.1", "alice@badsyntax.example.com", "mail.example.com"),
                new Case("192.0.2.20", "", "helo.example.com"),
                new Case("192.0.2.21", "", "helo.example.com"),
                new Case("192.0.2.30", "alice@ptr.example.com", "mail.example.com"),
                new Case("192.0.2.31", "alice@ptr.example.com", "mail.example.com"));

        List<String> theirs = runPyspf(cases);

        List<Executable> checks = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            String[] pyspf = theirs.get(i).split("\t", 2);
            SpfVerdict ours = zone.check(c.ip(), c.sender(), c.helo());
            checks.add(() -> assertEquals(pyspf[0], ours.result().keyword(), c + " ours: " + ours));
            if (ours.result() == SpfResult.FAIL && c.sender().startsWith("strong-bad@exp")) {
                checks.add(() -> assertEquals(pyspf[1], ours.explanation(), c.toString()));
            }
        }
        assertAll(checks);
    }

    private void publishZone() {
        zone.spf("ip4.example.com", "v=spf1 ip4:192.0.2.0/24 -all");
        zone.spf("ip6.example.com", "v=spf1 ip6:2001:db8::/32 ~all");
        zone.spf("amx.example.com", "v=spf1 a/24 mx:mx.example.net//48 -all");
        zone.dns.a("amx.example.com", "198.51.100.1").mx("mx.example.net", 10, "mx1.example.net");
        zone.dns.a("mx1.example.net", "203.0.113.9").aaaa("mx1.example.net", "2001:db8:2::1");
        zone.spf("inc.example.com", "v=spf1 include:ip4.example.com ?all");
        zone.spf("redir.example.com", "v=spf1 redirect=ip4.example.com");
        zone.spf("exp.example.com", "v=spf1 -all exp=%{l1r-}.why.example.com");
        zone.dns.txt("strong.why.example.com", "%{i} may not send for %{d} (%{s}, via %{h}, %{v}) %{L}");
        zone.spf("email.example.com", "v=spf1 exists:%{ir}.%{v}._spf.%{d2} -all");
        zone.dns.a("3.2.0.192.in-addr._spf.example.com", "127.0.0.2");
        StringBuilder many = new StringBuilder("v=spf1");
        for (int i = 1; i <= 11; i++) {
            many.append(" include:i").append(i).append(".example.net");
            zone.spf("i" + i + ".example.net", "v=spf1 ?all");
        }
        zone.spf("many.example.com", many + " -all");
        zone.spf("void.example.com", "v=spf1 a:n1.example.org a:n2.example.org a:n3.example.org ?all");
        zone.spf("twice.example.com", "v=spf1 -all").spf("twice.example.com", "v=spf1 +all");
        zone.dns.servfail("broken.example.com");
        zone.spf("badsyntax.example.com", "v=spf1 ip4:192.0.2.1 -all moo");
        zone.spf("helo.example.com", "v=spf1 ip4:192.0.2.20 -all");
        zone.spf("ptr.example.com", "v=spf1 ptr -all");
        zone.dns.ptr("192.0.2.30", "host.ptr.example.com").a("host.ptr.example.com", "192.0.2.30");
        zone.dns.ptr("192.0.2.31", "liar.ptr.example.com").a("liar.ptr.example.com", "192.0.2.99");
    }

    private List<String> runPyspf(List<Case> cases) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(python, "-c", PYSPF, Integer.toString(zone.dns.port()))
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try (OutputStream in = process.getOutputStream()) {
            for (Case c : cases) {
                in.write(c.line().getBytes(StandardCharsets.UTF_8));
            }
        }
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("pyspf did not finish");
        }
        List<String> lines = out.lines().toList();
        assertEquals(cases.size(), lines.size(), "pyspf answered " + out);
        return lines;
    }

    /** The first python3 on PATH, or Debian's, that can import spf and dnspython. */
    private static String pythonWithPyspf() {
        for (String candidate : List.of("python3", "/usr/bin/python3")) {
            try {
                Process p = new ProcessBuilder(candidate, "-c", "import spf, dns.resolver")
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start();
                if (p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    return candidate;
                }
                p.destroyForcibly();
            } catch (IOException e) {
                // not installed under this name
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return null;
    }
}
