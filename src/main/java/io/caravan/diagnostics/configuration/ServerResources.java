// Configuration, step 3: our TLS certificate, disk and heap against the back-pressure thresholds, and the broker.
package io.caravan.diagnostics.configuration;

import io.caravan.diagnostics.DiagnosticCheck;
import io.caravan.diagnostics.Findings;
import io.caravan.diagnostics.destination.CertificateCheck;

import java.io.File;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * Below the thresholds of caravan.back-pressure.* new mail is deferred with 452 4.3.1; a warning
 * comes at twice the threshold so there is time to act.
 */
public final class ServerResources implements DiagnosticCheck {

    /** What the check reads; the broker probe returns a description of the broker or throws. */
    public record Settings(Optional<String> certificate, boolean port25, File dataDir, long minFreeDisk, long minFreeHeap,
            Callable<String> broker) {
    }

    private final Settings s;
    private final Clock clock;

    public ServerResources(Settings settings, Clock clock) {
        this.s = settings;
        this.clock = clock;
    }

    @Override
    public void run(Findings out) {
        certificate(out);
        long disk = s.dataDir().getUsableSpace();
        threshold(out, "disk", "free disk under " + s.dataDir(), disk, s.minFreeDisk(), "caravan.back-pressure.min-free-disk",
                "Free space under caravan.data-dir (old logs, the quarantine) or give it a bigger volume.");
        Runtime rt = Runtime.getRuntime();
        long heap = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        threshold(out, "heap", "free heap", heap, s.minFreeHeap(), "caravan.back-pressure.min-free-heap",
                "Give the JVM more heap (-Xmx), or lower caravan.delivery.concurrency.");
        try {
            out.ok("broker", "The broker answers.", s.broker().call());
        } catch (Exception e) {
            out.failure("broker", "The broker is not reachable: new mail gets 451 4.3.0 and nothing is delivered.",
                    e.getClass().getSimpleName() + ": " + e.getMessage(), "Check caravan.broker.url and that the broker runs.");
        }
    }

    private void certificate(Findings out) {
        if (s.certificate().isEmpty()) {
            if (s.port25()) {
                out.warning("TLS certificate", "Port 25 serves a self-signed certificate: senders that verify (MTA-STS, DANE) refuse it.",
                        "caravan.tls.certificate: unset", "Set caravan.tls.certificate and caravan.tls.private-key to a CA-issued pair.");
            } else {
                out.ok("TLS certificate", "A self-signed certificate is served (no port-25 connector).", "caravan.tls.certificate: unset");
            }
            return;
        }
        Path file = Path.of(s.certificate().get());
        try (InputStream in = Files.newInputStream(file)) {
            X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            Instant notAfter = cert.getNotAfter().toInstant();
            Instant now = clock.instant();
            String evidence = cert.getSubjectX500Principal().getName() + ", valid to " + notAfter;
            if (now.isAfter(notAfter)) {
                out.failure("TLS certificate", "Our certificate expired on " + notAfter + ".", evidence, "Renew " + file + " (caravan.tls.certificate).");
            } else if (now.plus(CertificateCheck.EXPIRY_WARNING).isAfter(notAfter)) {
                out.warning("TLS certificate", "Our certificate expires soon, on " + notAfter + ".", evidence, "Renew " + file + " (caravan.tls.certificate).");
            } else {
                out.ok("TLS certificate", "Our certificate is valid until " + notAfter + ".", evidence);
            }
            if (s.port25() && cert.getSubjectX500Principal().equals(cert.getIssuerX500Principal())) {
                out.warning("TLS certificate", "Port 25 serves a self-signed certificate: senders that verify (MTA-STS, DANE) refuse it.",
                        evidence, "Use a certificate from a public CA for caravan.tls.certificate.");
            }
        } catch (Exception e) {
            out.failure("TLS certificate", "Our certificate cannot be read.", file + ": " + e.getMessage(), "Check caravan.tls.certificate.");
        }
    }

    private static void threshold(Findings out, String step, String what, long free, long min, String key, String fix) {
        String evidence = what + ": " + mib(free) + ", " + key + ": " + mib(min);
        if (free < min) {
            out.failure(step, "Below the back-pressure threshold: new mail is deferred (452 4.3.1).", evidence, fix);
        } else if (free < 2 * min) {
            out.warning(step, "Close to the back-pressure threshold.", evidence, fix);
        } else {
            out.ok(step, "Enough " + what + ".", evidence);
        }
    }

    private static String mib(long bytes) {
        return bytes / (1024 * 1024) + " MiB";
    }

}
