// Sender Policy Framework (RFC 7208): may this client send mail for the MAIL FROM or HELO domain?
package io.caravan.check.spf;

import java.net.IDN;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Runs check_host() of RFC 7208 and answers with an {@link SpfVerdict}. Thread-safe; each check
 * keeps its own counters and caches nothing, so a changed record is seen on the next check.
 *
 * <pre>{@code
 * SpfChecker spf = new SpfChecker(new DnsjavaSpfDns(List.of(), Duration.ofSeconds(5)));
 * SpfVerdict v = spf.check(clientAddress, "alice@example.com", "mail.example.com");
 * if (v.result() == SpfResult.FAIL) { ... "550 5.7.23 " + v.explanation() ... }
 * }</pre>
 *
 * <p>What it implements: the MAIL FROM identity, or postmaster@HELO for the null reverse-path
 * (§2.4); every mechanism (all, include, a, mx, ptr, ip4, ip6, exists) with qualifiers and the
 * a/mx dual CIDR lengths; redirect= and exp= (exp= only for the record whose mechanism failed,
 * never from an include, §6.2); all macros of §7 with transformers and delimiters (c, r, t only
 * in explanations); exactly one "v=spf1" TXT record per domain; syntax checked for the whole
 * record before evaluation; the limits of §4.6.4 (10 DNS-querying terms, 10 MX names per mx,
 * 10 PTR names per ptr, 2 void lookups, 20 seconds in all); an IPv4-mapped IPv6 client treated
 * as IPv4. A DNS timeout or SERVFAIL is a temperror, a syntax or limit violation a permerror, an
 * include or redirect target without a record a permerror.
 *
 * <p>Why not Apache jSPF 1.0.5 (Apache James's SPF library)? Its resolver is pluggable
 * ({@code DNSServiceXBillImpl(Resolver)}) and it has exp= and the p and i macros, but run against
 * our loopback DNS it returns "neutral" for three void {@code a:} lookups, where RFC 7208 §4.6.4
 * requires permerror (it has no void-lookup limit at all); it still asks for the retired SPF RR
 * type before every TXT query; its grammar is RFC 4408's ({@code RFC4408SPF1Parser}); its
 * default explanation points at the defunct openspf.org; and its DNS goes through dnsjava's
 * {@code Lookup} with the process-wide cache. Patching those means forking it, for about as
 * much code as this evaluator, whose DNS interface keeps NXDOMAIN, empty and SERVFAIL apart.
 */
public final class SpfChecker {

    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9_-]{1,63}");
    private static final Pattern ALL_DIGITS = Pattern.compile("[0-9]+");
    private static final String POSTMASTER = "postmaster";
    /** §4.6.4: at least 20 s; a check still running then becomes a temperror. */
    static final Duration TIME_LIMIT = Duration.ofSeconds(20);

    private final SpfDns dns;
    private final String receiver;
    private final Clock clock;
    private final Duration timeLimit;

    public SpfChecker(SpfDns dns) {
        this(dns, "unknown", Clock.systemUTC());
    }

    /**
     * @param receiver our own host name, for the %{r} macro in explanations
     * @param clock    for the %{t} macro
     */
    public SpfChecker(SpfDns dns, String receiver, Clock clock) {
        this(dns, receiver, clock, TIME_LIMIT);
    }

    SpfChecker(SpfDns dns, String receiver, Clock clock, Duration timeLimit) {
        this.dns = Objects.requireNonNull(dns, "dns");
        this.receiver = Objects.requireNonNull(receiver, "receiver");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.timeLimit = Objects.requireNonNull(timeLimit, "timeLimit");
    }

    /**
     * Checks the MAIL FROM identity; for the null reverse-path (null, "" or "<>") checks
     * postmaster@{@code helo} instead and reports the identity as "helo".
     */
    public SpfVerdict check(InetAddress client, String mailFrom, String helo) {
        String heloName = helo == null ? "" : helo.strip();
        String path = mailFrom == null ? "" : mailFrom.strip();
        if (path.startsWith("<") && path.endsWith(">")) {
            path = path.substring(1, path.length() - 1);
        }
        if (path.isEmpty()) {
            return evaluate(client, SpfVerdict.HELO, POSTMASTER, heloName, heloName);
        }
        int at = path.lastIndexOf('@');
        String localPart = at <= 0 ? POSTMASTER : path.substring(0, at); // §4.3: no local-part
        String domain = at < 0 ? path : path.substring(at + 1);
        return evaluate(client, SpfVerdict.MAIL_FROM, localPart, domain, heloName);
    }

    /** Checks the HELO identity on its own (§2.3), as postmaster@{@code helo}. */
    public SpfVerdict checkHelo(InetAddress client, String helo) {
        String heloName = helo == null ? "" : helo.strip();
        return evaluate(client, SpfVerdict.HELO, POSTMASTER, heloName, heloName);
    }

    private SpfVerdict evaluate(InetAddress client, String identity, String localPart, String rawDomain,
            String helo) {
        Objects.requireNonNull(client, "client");
        Optional<String> domain = checkableDomain(rawDomain);
        if (domain.isEmpty()) {
            return new SpfVerdict(SpfResult.NONE, identity, "",
                    "\"" + rawDomain + "\" is not a domain name SPF can check", "");
        }
        CheckHost run = new CheckHost(dns, client, localPart, domain.get(), helo, receiver,
                clock.instant().getEpochSecond(), timeLimit);
        CheckHost.Outcome outcome = run.run(domain.get());
        return new SpfVerdict(outcome.result(), identity, domain.get(), outcome.explanation(), outcome.mechanism());
    }

    /**
     * §4.3: a malformed domain (empty or over-long label, a single label, a domain literal, a
     * numeric top label) gives "none" without any lookup. Trailing dot dropped, IDNs as A-labels.
     */
    static Optional<String> checkableDomain(String raw) {
        String domain = raw.endsWith(".") ? raw.substring(0, raw.length() - 1) : raw;
        if (!domain.chars().allMatch(c -> c < 0x80)) {
            try {
                domain = IDN.toASCII(domain, IDN.ALLOW_UNASSIGNED);
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
        if (domain.length() > 253) {
            return Optional.empty();
        }
        String[] labels = domain.split("\\.", -1);
        if (labels.length < 2 || ALL_DIGITS.matcher(labels[labels.length - 1]).matches()) {
            return Optional.empty();
        }
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                return Optional.empty();
            }
        }
        return Optional.of(domain);
    }
}
