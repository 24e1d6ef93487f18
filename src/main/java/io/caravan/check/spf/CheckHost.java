// One run of check_host() (RFC 7208 §4): record selection, term evaluation, limits, explanation.
package io.caravan.check.spf;

import io.caravan.dns.DnsTemporaryFailure;
import io.caravan.check.spf.SpfRecord.Directive;
import io.caravan.check.spf.SpfRecord.DomainSpec;
import io.caravan.check.spf.SpfRecord.Mechanism;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Holds the state of one check (the DNS-term and void-lookup counters span every include and
 * redirect of it), so a new instance is made per check and nothing outlives it.
 */
final class CheckHost {

    static final int MAX_DNS_TERMS = 10;
    static final int MAX_VOID_LOOKUPS = 2;
    static final int MAX_MX_NAMES = 10;
    static final int MAX_PTR_NAMES = 10;
    private static final int MAX_NAME_LENGTH = 253;

    /** What one check_host() level concluded; errors travel as {@link SpfError} instead. */
    record Outcome(SpfResult result, String explanation, String mechanism) {
    }

    private final SpfDns dns;
    private final byte[] ip;
    private final InetAddress client;
    private final String sender;
    private final String localPart;
    private final String senderDomain;
    private final String helo;
    private final String receiver;
    private final long now;
    private final Duration timeLimit;
    private final long deadline; // System.nanoTime() value
    private int dnsTerms;
    private int voidLookups;

    CheckHost(SpfDns dns, InetAddress client, String localPart, String senderDomain, String helo,
            String receiver, long now, Duration timeLimit) {
        this.dns = dns;
        this.ip = SpfAddresses.client(client);
        this.client = SpfAddresses.toInetAddress(ip);
        this.localPart = localPart;
        this.senderDomain = senderDomain;
        this.sender = localPart + "@" + senderDomain;
        this.helo = helo;
        this.receiver = receiver;
        this.now = now;
        this.timeLimit = timeLimit;
        this.deadline = System.nanoTime() + timeLimit.toNanos();
    }

    /** check_host(ip, domain, sender) at the top level, errors turned into results. */
    Outcome run(String domain) {
        try {
            return evaluate(domain, true);
        } catch (SpfError e) {
            return new Outcome(e.result(), e.getMessage(), "");
        }
    }

    /**
     * @param explain whether a FAIL here should fetch exp= (not inside include, whose
     *                explanation is never shown, §6.2)
     */
    private Outcome evaluate(String domain, boolean explain) throws SpfError {
        List<String> spf = new ArrayList<>();
        try {
            for (String txt : dns.txt(domain)) {
                if (SpfRecord.isSpf1(txt)) {
                    spf.add(txt);
                }
            }
        } catch (DnsTemporaryFailure e) {
            throw SpfError.temp(e.getMessage());
        }
        if (spf.isEmpty()) {
            return new Outcome(SpfResult.NONE, "no SPF record for " + domain, "");
        }
        if (spf.size() > 1) {
            throw SpfError.perm(domain + " publishes " + spf.size() + " SPF records");
        }
        SpfRecord record;
        try {
            record = SpfRecord.parse(spf.get(0));
        } catch (SpfError e) {
            throw SpfError.perm(domain + ": " + e.getMessage());
        }
        for (Directive directive : record.directives()) {
            if (matches(directive, domain)) {
                String reason = "matched " + directive.text();
                if (directive.qualifier() == SpfResult.FAIL && explain) {
                    reason = explanation(record, domain).orElse(reason);
                }
                return new Outcome(directive.qualifier(), reason, directive.text());
            }
        }
        if (record.redirect() != null) {
            countDnsTerm();
            String target = targetName(record.redirect(), domain);
            Outcome redirected = evaluate(target, explain);
            if (redirected.result() == SpfResult.NONE) {
                throw SpfError.perm("redirect=" + target + ": no SPF record there");
            }
            return redirected;
        }
        return new Outcome(SpfResult.NEUTRAL, "no mechanism matched in " + domain, "");
    }

    private boolean matches(Directive d, String domain) throws SpfError {
        Mechanism mechanism = d.mechanism();
        if (mechanism.queriesDns()) {
            countDnsTerm();
        }
        String target = d.domain() == null ? domain : targetName(d.domain(), domain);
        return switch (mechanism) {
            case ALL -> true;
            case IP4, IP6 -> SpfAddresses.inNetwork(ip, d.network(), ip.length == 4 ? d.cidr4() : d.cidr6());
            case A -> anyInNetwork(counted(addresses(target)), d);
            case MX -> mxMatches(target, d);
            case PTR -> !validatedNames(target, true).isEmpty();
            case EXISTS -> !counted(lookupA(target)).isEmpty();
            case INCLUDE -> includeMatches(target);
        };
    }

    private boolean includeMatches(String target) throws SpfError {
        Outcome included = evaluate(target, false);
        return switch (included.result()) {
            case PASS -> true;
            case FAIL, SOFTFAIL, NEUTRAL -> false;
            case NONE -> throw SpfError.perm("include:" + target + ": no SPF record there");
            case TEMPERROR, PERMERROR -> throw new IllegalStateException("errors are thrown, not returned");
        };
    }

    private boolean mxMatches(String target, Directive d) throws SpfError {
        List<String> exchanges;
        try {
            exchanges = counted(dns.mx(target));
        } catch (DnsTemporaryFailure e) {
            throw SpfError.temp(e.getMessage());
        }
        if (exchanges.size() > MAX_MX_NAMES) {
            throw SpfError.perm("mx:" + target + " has " + exchanges.size() + " MX records, more than "
                    + MAX_MX_NAMES);
        }
        for (String exchange : exchanges) {
            // A null MX names no host; an MX host without addresses is no void lookup of this term.
            if (!exchange.equals(".") && anyInNetwork(addresses(exchange), d)) {
                return true;
            }
        }
        return false;
    }

    private boolean anyInNetwork(List<InetAddress> addresses, Directive d) {
        int prefix = ip.length == 4 ? d.cidr4() : d.cidr6();
        for (InetAddress address : addresses) {
            if (SpfAddresses.inNetwork(ip, address.getAddress(), prefix)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The PTR names of the client (the first 10) whose A or AAAA records lead back to it (§5.5).
     * With {@code onlyUnderTarget}, only names equal to or below {@code target} are looked up.
     * A failed PTR lookup means no names; a failed address lookup skips that name.
     */
    private List<String> validatedNames(String target, boolean onlyUnderTarget) throws SpfError {
        List<String> names;
        try {
            names = dns.ptr(client);
        } catch (DnsTemporaryFailure e) {
            return List.of();
        }
        if (onlyUnderTarget) {
            counted(names);
        }
        List<String> validated = new ArrayList<>();
        for (String name : names.subList(0, Math.min(MAX_PTR_NAMES, names.size()))) {
            if (onlyUnderTarget && !isAtOrBelow(name, target)) {
                continue;
            }
            try {
                for (InetAddress address : addresses(name)) {
                    if (Arrays.equals(address.getAddress(), ip)) {
                        validated.add(name);
                        break;
                    }
                }
            } catch (SpfError e) {
                // §5.5: a DNS error on one name skips that name.
            }
        }
        return validated;
    }

    /** %{p}: a validated name of the client, preferring the domain itself, then its subdomains. */
    private String validatedName(String domain) {
        List<String> names;
        try {
            names = validatedNames(domain, false);
        } catch (SpfError e) {
            return "unknown";
        }
        for (String name : names) {
            if (name.equalsIgnoreCase(domain)) {
                return name;
            }
        }
        for (String name : names) {
            if (isAtOrBelow(name, domain)) {
                return name;
            }
        }
        return names.isEmpty() ? "unknown" : names.get(0);
    }

    /** §6.2: any problem with exp= (DNS, not exactly one record, bad text) means "no exp". */
    private Optional<String> explanation(SpfRecord record, String domain) {
        if (record.exp() == null) {
            return Optional.empty();
        }
        try {
            List<String> texts = dns.txt(targetName(record.exp(), domain));
            if (texts.size() != 1) {
                return Optional.empty();
            }
            String text = texts.get(0);
            return Optional.of(SpfMacros.expand(SpfMacros.parseExplanation(text), letter -> macro(letter, domain)));
        } catch (DnsTemporaryFailure | SpfError e) {
            return Optional.empty();
        }
    }

    /** Expands a domain-spec into a name to query: trailing dot dropped, cut to 253 chars (§7.3). */
    private String targetName(DomainSpec spec, String domain) {
        String name = SpfMacros.expand(spec.tokens(), letter -> macro(letter, domain));
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        while (name.length() > MAX_NAME_LENGTH && name.indexOf('.') >= 0) {
            name = name.substring(name.indexOf('.') + 1);
        }
        return name;
    }

    private String macro(char letter, String domain) {
        return switch (letter) {
            case 's' -> sender;
            case 'l' -> localPart;
            case 'o' -> senderDomain;
            case 'd' -> domain;
            case 'i' -> SpfAddresses.macroI(ip);
            case 'p' -> validatedName(domain);
            case 'v' -> SpfAddresses.macroV(ip);
            case 'h' -> helo;
            case 'c' -> SpfAddresses.macroC(ip);
            case 'r' -> receiver;
            case 't' -> Long.toString(now);
            default -> throw new IllegalArgumentException("macro letter not checked at parse time: " + letter);
        };
    }

    private List<InetAddress> addresses(String name) throws SpfError {
        try {
            return ip.length == 4 ? dns.a(name) : dns.aaaa(name);
        } catch (DnsTemporaryFailure e) {
            throw SpfError.temp(e.getMessage());
        }
    }

    private List<InetAddress> lookupA(String name) throws SpfError {
        try {
            return dns.a(name);
        } catch (DnsTemporaryFailure e) {
            throw SpfError.temp(e.getMessage());
        }
    }

    /** Called before each DNS-querying term: enforces the term limit and the time limit. */
    private void countDnsTerm() throws SpfError {
        if (System.nanoTime() - deadline > 0) {
            throw SpfError.temp("SPF evaluation took longer than " + timeLimit.toMillis() + " ms");
        }
        if (++dnsTerms > MAX_DNS_TERMS) {
            throw SpfError.perm("more than " + MAX_DNS_TERMS + " DNS lookups (include, a, mx, ptr, exists, redirect)");
        }
    }

    /** Counts an empty answer as a void lookup (§4.6.4); the third one is a permerror. */
    private <T> List<T> counted(List<T> answer) throws SpfError {
        if (answer.isEmpty() && ++voidLookups > MAX_VOID_LOOKUPS) {
            throw SpfError.perm("more than " + MAX_VOID_LOOKUPS + " void DNS lookups");
        }
        return answer;
    }

    private static boolean isAtOrBelow(String name, String domain) {
        String n = name.toLowerCase(Locale.ROOT);
        String d = domain.toLowerCase(Locale.ROOT);
        return n.equals(d) || n.endsWith("." + d);
    }
}
