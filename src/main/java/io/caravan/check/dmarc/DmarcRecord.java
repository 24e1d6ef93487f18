// One DMARC policy record as published at _dmarc.<domain> (RFC 7489 §6.3), with the RFC's defaults filled in.
package io.caravan.check.dmarc;

import java.math.BigInteger;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A parsed record. Tags the RFC does not define are ignored; a tag with a bad value falls back to its
 * default (§6.3: "syntax errors in the remainder of the record SHOULD be discarded in favor of
 * default values"), except p= and sp=, whose handling §6.6.3 prescribes (see {@link #parse}).
 *
 * @param policy            p=, the policy for the domain itself
 * @param subdomainPolicy   sp=, the policy for subdomains when the record came from the Organizational Domain; defaults to p
 * @param dkimAlignment     adkim=, relaxed unless "s"
 * @param spfAlignment      aspf=, relaxed unless "s"
 * @param percent           pct=, 0-100, the share of failing mail the policy is applied to
 * @param aggregateReportUris rua=, the syntactically valid URIs (size limits "!10m" removed)
 * @param failureReportUris ruf=, likewise
 * @param failureOptions    fo=, default "0"
 * @param reportFormat      rf=, default "afrf"
 * @param reportInterval    ri=, seconds, default 86400
 */
public record DmarcRecord(DmarcPolicy policy, DmarcPolicy subdomainPolicy, Alignment dkimAlignment,
        Alignment spfAlignment, int percent, List<String> aggregateReportUris, List<String> failureReportUris,
        String failureOptions, String reportFormat, long reportInterval) {

    /** adkim= and aspf=: relaxed compares Organizational Domains, strict the exact names. */
    public enum Alignment { RELAXED, STRICT }

    private static final Pattern NUMBER = Pattern.compile("-?\\d+");
    private static final Pattern FAILURE_OPTIONS = Pattern.compile("[01ds](:[01ds])*");
    private static final Pattern SIZE_LIMIT = Pattern.compile("!\\d+[kmgtKMGT]?$");

    public DmarcRecord {
        aggregateReportUris = List.copyOf(aggregateReportUris);
        failureReportUris = List.copyOf(failureReportUris);
    }

    /** The policy for mail from {@code subdomain ? a subdomain found via the Organizational Domain : the domain}. */
    public DmarcPolicy policyFor(boolean subdomain) {
        return subdomain ? subdomainPolicy : policy;
    }

    /** True when the first tag is v=DMARC1 exactly (§6.6.3 step 2); such TXT records take part in discovery. */
    public static boolean isDmarcRecord(String txt) {
        List<String[]> tags = tags(txt);
        return !tags.isEmpty() && tags.get(0)[0].equalsIgnoreCase("v") && tags.get(0)[1].equals("DMARC1");
    }

    /**
     * The record, or empty when DMARC is not to be applied with it: not a v=DMARC1 record, or p=
     * missing or invalid (or sp= invalid) without a valid rua= URI. With a valid rua= such a record
     * counts as p=none (§6.6.3 step 6), and its subdomain policy is none as well.
     */
    public static Optional<DmarcRecord> parse(String txt) {
        if (!isDmarcRecord(txt)) {
            return Optional.empty();
        }
        Map<String, String> tags = new LinkedHashMap<>();
        for (String[] tag : tags(txt)) {
            tags.putIfAbsent(tag[0].toLowerCase(Locale.ROOT), tag[1]); // the first occurrence counts
        }
        List<String> rua = uris(tags.get("rua"));
        Optional<DmarcPolicy> p = policy(tags.get("p"));
        Optional<DmarcPolicy> sp = tags.containsKey("sp") ? policy(tags.get("sp")) : p;
        if (p.isEmpty() || sp.isEmpty()) {
            if (rua.isEmpty()) {
                return Optional.empty();
            }
            p = Optional.of(DmarcPolicy.NONE);
            sp = p;
        }
        return Optional.of(new DmarcRecord(p.get(), sp.get(), alignment(tags.get("adkim")),
                alignment(tags.get("aspf")), percent(tags.get("pct")), rua, uris(tags.get("ruf")),
                failureOptions(tags.get("fo")), reportFormat(tags.get("rf")), interval(tags.get("ri"))));
    }

    /** name=value pairs in order; empty parts and parts without "=" are skipped. */
    private static List<String[]> tags(String txt) {
        List<String[]> out = new ArrayList<>();
        for (String part : txt.split(";", -1)) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                out.add(new String[] {part.substring(0, eq).strip(), part.substring(eq + 1).strip()});
            } else if (!part.isBlank() && out.isEmpty()) {
                out.add(new String[] {part.strip(), ""}); // junk before v= still makes v= not first
            }
        }
        return out;
    }

    private static Optional<DmarcPolicy> policy(String value) {
        return value == null ? Optional.empty() : DmarcPolicy.parse(value);
    }

    private static Alignment alignment(String value) {
        return "s".equalsIgnoreCase(value) ? Alignment.STRICT : Alignment.RELAXED;
    }

    /** Out-of-range numbers are clamped to 0-100; anything that is not a number means 100. */
    private static int percent(String value) {
        if (value == null || !NUMBER.matcher(value).matches()) {
            return 100;
        }
        return new BigInteger(value).max(BigInteger.ZERO).min(BigInteger.valueOf(100)).intValue();
    }

    private static long interval(String value) {
        return value != null && value.matches("\\d{1,9}") ? Long.parseLong(value) : 86400;
    }

    private static String failureOptions(String value) {
        return value != null && FAILURE_OPTIONS.matcher(value.replace(" ", "")).matches()
                ? value.replace(" ", "").toLowerCase(Locale.ROOT) : "0";
    }

    private static String reportFormat(String value) {
        return value == null || value.isBlank() ? "afrf" : value.toLowerCase(Locale.ROOT);
    }

    /** The comma-separated URIs that parse and carry a scheme, each without its "!size" limit. */
    private static List<String> uris(String value) {
        List<String> out = new ArrayList<>();
        if (value == null) {
            return out;
        }
        for (String raw : value.split(",")) {
            String uri = SIZE_LIMIT.matcher(raw.strip()).replaceFirst("");
            try {
                if (!uri.isEmpty() && new URI(uri).getScheme() != null) {
                    out.add(uri);
                }
            } catch (URISyntaxException e) {
                // Not a URI: ignored, as §6.3 asks for syntax errors.
            }
        }
        return out;
    }
}
