// Checks our own DNS for each signing domain: the published DKIM key matches ours; SPF and DMARC records exist.
package io.caravan.signing;

import io.caravan.config.ServerIdentity;
import io.caravan.dns.DnsService;
import io.caravan.dns.DnsTemporaryFailure;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Misconfigured DNS is why signed mail still fails DMARC at Gmail; this says so at start-up (in the
 * log, without delaying it) and on demand at GET /api/dkim, with the record to publish when one is
 * missing or wrong.
 */
@Singleton
public class OwnDnsCheck {

    private static final Logger LOG = Logger.getLogger(OwnDnsCheck.class);

    /** What one signing key looks like in DNS. */
    public record KeyReport(String domain, String selector, String algorithm, String recordName, String recordToPublish,
            String dkim, String spf, String dmarc, List<String> advice) {
    }

    private final DkimKeyring keyring;
    private final DnsService dns;
    private final String hostname;

    public OwnDnsCheck(DkimKeyring keyring, DnsService dns, ServerIdentity identity) {
        this.keyring = keyring;
        this.dns = dns;
        this.hostname = identity.hostname();
    }

    void atStartup(@Observes StartupEvent event) {
        if (keyring.all().isEmpty()) {
            return;
        }
        Thread t = new Thread(() -> {
            for (KeyReport r : reports()) {
                if (r.advice().isEmpty()) {
                    LOG.infof("DNS for %s (selector %s): DKIM key published and matching; SPF and DMARC records found", r.domain(), r.selector());
                } else {
                    r.advice().forEach(a -> LOG.warnf("DNS for %s: %s", r.domain(), a));
                }
            }
        }, "caravan-own-dns-check");
        t.setDaemon(true);
        t.start();
    }

    public List<KeyReport> reports() {
        List<KeyReport> out = new ArrayList<>();
        keyring.all().forEach((domain, keys) -> keys.forEach(key -> out.add(report(domain, key))));
        return out;
    }

    private KeyReport report(String domain, SigningKey key) {
        List<String> advice = new ArrayList<>();
        String name = key.selector() + "._domainkey." + domain;
        String ours = DkimSigner.dnsRecord(key);
        String dkim = lookup(name).stream().filter(t -> t.contains("p=")).findFirst().map(published -> {
            boolean same = tag(published, "p").equals(tag(ours, "p"));
            if (!same) {
                advice.add("the key published at " + name + " is not ours; publish: " + ours);
            }
            return same ? "match" : "mismatch";
        }).orElseGet(() -> {
            advice.add("no DKIM key at " + name + "; publish TXT " + ours);
            return "missing";
        });
        String spf = lookup(domain).stream().anyMatch(t -> t.toLowerCase().startsWith("v=spf1")) ? "found" : "missing";
        if (spf.equals("missing")) {
            advice.add("no SPF record at " + domain + "; publish e.g. TXT \"v=spf1 a:" + hostname + " -all\"");
        }
        String dmarc = lookup("_dmarc." + domain).stream().anyMatch(t -> t.startsWith("v=DMARC1")) ? "found" : "missing";
        if (dmarc.equals("missing")) {
            advice.add("no DMARC record at _dmarc." + domain + "; publish e.g. TXT \"v=DMARC1; p=quarantine; rua=mailto:postmaster@" + domain + "\"");
        }
        return new KeyReport(domain, key.selector(), key.algorithm().tag(), name, ours, dkim, spf, dmarc, advice);
    }

    private List<String> lookup(String name) {
        try {
            return dns.txt(name);
        } catch (DnsTemporaryFailure e) {
            return List.of("(lookup failed: " + e.getMessage() + ")");
        }
    }

    private static String tag(String record, String name) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (String part : record.split(";")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                tags.put(part.substring(0, eq).strip(), part.substring(eq + 1).replaceAll("\\s", ""));
            }
        }
        return tags.getOrDefault(name, "");
    }
}
