// Our side, step 4: for each accepted domain, its MX points to us, SPF authorises our sending addresses, DKIM key matches, DMARC published.
package io.caravan.diagnostics.ourside;

import io.caravan.check.dmarc.DmarcRecord;
import io.caravan.check.spf.SpfChecker;
import io.caravan.check.spf.SpfDns;
import io.caravan.check.spf.SpfResult;
import io.caravan.check.spf.SpfVerdict;
import io.caravan.diagnostics.DiagnosticCheck;
import io.caravan.diagnostics.Findings;
import io.caravan.dns.DnsService;
import io.caravan.dns.DnsTemporaryFailure;
import io.caravan.signing.OwnDnsCheck;
import org.xbill.DNS.MXRecord;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * SPF is evaluated by Caravan's own evaluator, exactly as a receiver would for MAIL FROM
 * postmaster@domain from each sending address; the DKIM comparison is the one GET /api/dkim shows
 * ({@link OwnDnsCheck}).
 */
public final class DomainDns implements DiagnosticCheck {

    private final List<String> domains;
    private final Supplier<List<InetAddress>> addresses;
    private final DnsService dns;
    private final String hostname;
    private final Optional<OwnDnsCheck> dkim;

    public DomainDns(List<String> domains, Supplier<List<InetAddress>> addresses, DnsService dns, String hostname, Optional<OwnDnsCheck> dkim) {
        this.domains = domains;
        this.addresses = addresses;
        this.dns = dns;
        this.hostname = hostname.toLowerCase(Locale.ROOT);
        this.dkim = dkim;
    }

    @Override
    public void run(Findings out) throws InterruptedException {
        List<OwnDnsCheck.KeyReport> keys = dkim.map(OwnDnsCheck::reports).orElse(List.of());
        for (String domain : domains) {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            mx(out, domain);
            spf(out, domain);
            keys.stream().filter(k -> k.domain().equals(domain)).forEach(k -> dkim(out, k));
            dmarc(out, domain);
        }
    }

    private void mx(Findings out, String domain) {
        String step = "MX of " + domain;
        try {
            List<String> hosts = new ArrayList<>();
            for (MXRecord m : dns.mx(domain)) {
                hosts.add(DnsService.text(m.getTarget()).toLowerCase(Locale.ROOT));
            }
            if (hosts.isEmpty()) {
                out.warning(step, domain + " has no MX record: senders fall back to its address record.", "MX " + domain + ": none",
                        "Publish MX 10 " + hostname + ".");
                return;
            }
            boolean ours = hosts.contains(hostname);
            for (String h : hosts) {
                if (!ours && h.length() > 1) {
                    ours = dns.addresses(h).stream().anyMatch(a -> addresses.get().contains(a));
                }
            }
            if (ours) {
                out.ok(step, "The MX of " + domain + " points to us.", String.join(", ", hosts));
            } else {
                out.warning(step, "The MX of " + domain + " does not point to us (" + hostname + " or our addresses).", String.join(", ", hosts),
                        "Fine if another server receives for " + domain + " and relays to us; otherwise publish MX 10 " + hostname + ".");
            }
        } catch (DnsTemporaryFailure e) {
            out.warning(step, "The MX lookup of " + domain + " failed.", e.getMessage(), "Check the DNS of " + domain + " and our resolvers.");
        }
    }

    private void spf(Findings out, String domain) {
        String step = "SPF of " + domain;
        SpfChecker checker = new SpfChecker(SpfDns.of(dns));
        for (InetAddress a : addresses.get()) {
            SpfVerdict v = checker.check(a, "postmaster@" + domain, hostname);
            String ip = a.getHostAddress();
            String evidence = "check_host(" + ip + ", " + domain + "): " + v.result().keyword()
                    + (v.mechanism().isEmpty() ? "" : " by " + v.mechanism()) + (v.explanation().isEmpty() ? "" : " (" + v.explanation() + ")");
            SpfResult r = v.result();
            switch (r) {
                case PASS -> out.ok(step, "SPF of " + domain + " authorises " + ip + ".", evidence);
                case NONE -> out.warning(step, domain + " publishes no SPF record.", evidence,
                        "Publish TXT \"v=spf1 ip" + (ip.contains(":") ? "6" : "4") + ":" + ip + " -all\" at " + domain + ".");
                case FAIL, SOFTFAIL -> out.failure(step, "SPF of " + domain + " does not authorise our address " + ip + ": receivers may refuse our mail.",
                        evidence, "Add ip" + (ip.contains(":") ? "6" : "4") + ":" + ip + " (or a:" + hostname + ") to the SPF record of " + domain + ".");
                case NEUTRAL -> out.warning(step, "SPF of " + domain + " says nothing about " + ip + ".", evidence,
                        "Add ip" + (ip.contains(":") ? "6" : "4") + ":" + ip + " to the SPF record of " + domain + ".");
                case TEMPERROR -> out.warning(step, "The SPF check of " + domain + " failed for now.", evidence, "Try again; check the DNS of " + domain + ".");
                case PERMERROR -> out.failure(step, "The SPF record of " + domain + " is broken: receivers treat it as a failure.", evidence,
                        "Fix the record (syntax, or more than 10 DNS lookups); the evidence says which.");
            }
        }
    }

    private void dkim(Findings out, OwnDnsCheck.KeyReport k) {
        String step = "DKIM " + k.recordName();
        switch (k.dkim()) {
            case "match" -> out.ok(step, "The DKIM key published at " + k.recordName() + " is ours.", k.recordToPublish());
            case "missing" -> out.failure(step, "No DKIM key is published at " + k.recordName() + ": our signatures fail to verify.",
                    "TXT " + k.recordName() + ": none", "Publish TXT " + k.recordToPublish());
            default -> out.failure(step, "The DKIM key published at " + k.recordName() + " is not ours: our signatures fail to verify.",
                    k.recordName(), "Publish TXT " + k.recordToPublish());
        }
    }

    private void dmarc(Findings out, String domain) {
        String step = "DMARC of " + domain;
        try {
            List<String> records = dns.txt("_dmarc." + domain).stream().filter(DmarcRecord::isDmarcRecord).toList();
            Optional<DmarcRecord> parsed = records.size() == 1 ? DmarcRecord.parse(records.get(0)) : Optional.empty();
            if (records.isEmpty()) {
                out.warning(step, domain + " publishes no DMARC policy.", "TXT _dmarc." + domain + ": none",
                        "Publish TXT \"v=DMARC1; p=none; rua=mailto:postmaster@" + domain + "\" at _dmarc." + domain + ", then tighten it.");
            } else if (parsed.isEmpty()) {
                out.warning(step, "The DMARC record of " + domain + " is not usable (several records, or no valid p=).", String.join("\n", records),
                        "Keep one record with a valid p= (none, quarantine or reject).");
            } else {
                out.ok(step, domain + " publishes DMARC with policy " + parsed.get().policy().name().toLowerCase(Locale.ROOT) + ".", records.get(0));
            }
        } catch (DnsTemporaryFailure e) {
            out.warning(step, "The DMARC lookup of " + domain + " failed.", e.getMessage(), "Check the DNS of " + domain + ".");
        }
    }
}
