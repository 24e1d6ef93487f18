// Evaluates DMARC (RFC 7489): finds the From domain's policy in DNS and checks SPF and DKIM alignment with it.
package io.caravan.check.dmarc;

import io.caravan.mail.Domains;
import io.caravan.mail.FromHeader;
import io.caravan.dns.DnsTemporaryFailure;
import io.caravan.check.dmarc.DmarcInput.DkimOutcome;
import io.caravan.check.dmarc.DmarcRecord.Alignment;
import io.caravan.check.dmarc.DmarcVerdict.Result;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * Read-only: it returns a {@link DmarcVerdict} and leaves acting on it (reject, quarantine, a header
 * field) to the stage that calls it. Policy discovery follows §6.6.3: the TXT records at
 * {@code _dmarc.<From domain>}, else at {@code _dmarc.<Organizational Domain>}; only records whose
 * first tag is v=DMARC1 count, and anything but exactly one means DMARC does not apply (NONE).
 */
public final class DmarcEvaluator {

    private final DmarcDns dns;
    private final RandomGenerator random;

    /** Samples pct= with {@link ThreadLocalRandom}, safe to share between sessions. */
    public DmarcEvaluator(DmarcDns dns) {
        this(dns, () -> ThreadLocalRandom.current().nextLong());
    }

    /** @param random draws the pct= sample; tests pass a fixed one */
    public DmarcEvaluator(DmarcDns dns, RandomGenerator random) {
        this.dns = dns;
        this.random = random;
    }


    public DmarcVerdict evaluate(DmarcInput input) {
        String from = Domains.normalize(input.fromDomain());
        if (!FromHeader.isDomainName(from)) {
            return DmarcVerdict.permerror(from, "no usable RFC5322.From domain: \"" + input.fromDomain() + "\"");
        }
        String org = OrganizationalDomain.of(from);
        String policyDomain = from;
        List<String> records;
        try {
            records = dmarcRecords(from);
            if (records.isEmpty() && !org.equals(from)) {
                policyDomain = org;
                records = dmarcRecords(org);
            }
        } catch (DnsTemporaryFailure e) {
            return new DmarcVerdict(Result.TEMPERROR, DmarcPolicy.NONE, DmarcPolicy.NONE, from, "", false, false,
                    e.getMessage());
        }
        if (records.size() != 1) {
            String why = records.isEmpty() ? "no DMARC record for " + from
                    : records.size() + " DMARC records at _dmarc." + policyDomain + ", DMARC not applied";
            return none(from, records.isEmpty() ? "" : policyDomain, why);
        }
        Optional<DmarcRecord> parsed = DmarcRecord.parse(records.get(0));
        if (parsed.isEmpty()) {
            return none(from, policyDomain, "DMARC record at _dmarc." + policyDomain + " has no valid p= and no valid rua=");
        }
        DmarcRecord record = parsed.get();
        boolean spfAligned = input.spf().passed() && aligned(input.spf().domain(), from, record.spfAlignment());
        boolean dkimAligned = false;
        for (DkimOutcome d : input.dkim()) {
            dkimAligned |= d.pass() && aligned(d.domain(), from, record.dkimAlignment());
        }
        DmarcPolicy requested = record.policyFor(!policyDomain.equals(from));
        if (spfAligned || dkimAligned) {
            return new DmarcVerdict(Result.PASS, requested, DmarcPolicy.NONE, from, policyDomain, spfAligned,
                    dkimAligned, "aligned " + (dkimAligned ? (spfAligned ? "DKIM and SPF" : "DKIM") : "SPF") + " pass");
        }
        DmarcPolicy applied = requested;
        String sample = "";
        if (requested != DmarcPolicy.NONE && record.percent() < 100 && random.nextInt(100) >= record.percent()) {
            applied = requested.downgraded();
            sample = ", not in the pct=" + record.percent() + " sample";
        }
        return new DmarcVerdict(Result.FAIL, requested, applied, from, policyDomain, false, false,
                "no aligned SPF or DKIM pass for " + from + sample);
    }

    /** The TXT strings at _dmarc.domain that are DMARC records (§6.6.3 steps 1-2). */
    private List<String> dmarcRecords(String domain) throws DnsTemporaryFailure {
        List<String> out = new ArrayList<>();
        for (String txt : dns.txt("_dmarc." + domain)) {
            if (DmarcRecord.isDmarcRecord(txt)) {
                out.add(txt);
            }
        }
        return out;
    }

    /** §3.1: strict means the same name, relaxed the same Organizational Domain. */
    static boolean aligned(String authenticated, String from, Alignment mode) {
        String domain = Domains.normalize(authenticated);
        if (domain.isEmpty()) {
            return false;
        }
        return mode == Alignment.STRICT ? domain.equals(from)
                : OrganizationalDomain.of(domain).equals(OrganizationalDomain.of(from));
    }

    private static DmarcVerdict none(String from, String policyDomain, String reason) {
        return new DmarcVerdict(Result.NONE, DmarcPolicy.NONE, DmarcPolicy.NONE, from, policyDomain, false, false,
                reason);
    }
}
