// One "v=spf1" record, parsed and syntax-checked as a whole before any term is evaluated (RFC 7208 §4.6).
package io.caravan.check.spf;

import io.caravan.check.spf.SpfMacros.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The directives in record order, and the redirect= and exp= modifiers (each at most once).
 * Unknown modifiers are checked for macro syntax and then dropped (§6). Any syntax error anywhere
 * makes the whole record a permerror, even after a matching mechanism (§4.6).
 */
record SpfRecord(List<Directive> directives, DomainSpec redirect, DomainSpec exp) {

    private static final String VERSION = "v=spf1";
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]*");
    private static final Pattern TOPLABEL = Pattern.compile(
            "[A-Za-z0-9]*[A-Za-z][A-Za-z0-9]*|[A-Za-z0-9]+-[A-Za-z0-9-]*[A-Za-z0-9]");
    // Lazy prefix: the dual-cidr suffix is taken as long as it can be ("a:x.com/24//64").
    private static final Pattern DOMAIN_AND_CIDR = Pattern.compile("(.*?)((?:/[0-9]+)?(?://[0-9]+)?)");
    private static final Pattern DUAL_CIDR = Pattern.compile("(?:/([0-9]+))?(?://([0-9]+))?");
    private static final Pattern CIDR_VALUE = Pattern.compile("0|[1-9][0-9]{0,2}");

    enum Mechanism {
        ALL, INCLUDE, A, MX, PTR, IP4, IP6, EXISTS;

        /** The terms that count against the limit of 10 (§4.6.4); redirect= counts too. */
        boolean queriesDns() {
            return this != ALL && this != IP4 && this != IP6;
        }
    }

    /** A macro-string naming a domain, kept as written (for messages) and parsed. */
    record DomainSpec(String text, List<Token> tokens) {
    }

    /**
     * @param domain  the target; null means the domain being checked
     * @param network for ip4/ip6, the network address (4 or 16 bytes); otherwise null
     */
    record Directive(SpfResult qualifier, Mechanism mechanism, String text, DomainSpec domain,
            byte[] network, int cidr4, int cidr6) {
    }

    /** True for a TXT record that announces SPF version 1 (case-insensitive, §4.5). */
    static boolean isSpf1(String txt) {
        return txt.regionMatches(true, 0, VERSION, 0, VERSION.length())
                && (txt.length() == VERSION.length() || txt.charAt(VERSION.length()) == ' ');
    }

    static SpfRecord parse(String record) throws SpfError {
        for (int i = 0; i < record.length(); i++) {
            char c = record.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                throw SpfError.perm(String.format(Locale.ROOT,
                        "record contains U+%04X; SPF records are printable ASCII", (int) c));
            }
        }
        List<Directive> directives = new ArrayList<>();
        DomainSpec redirect = null;
        DomainSpec exp = null;
        for (String term : record.substring(VERSION.length()).split(" ")) {
            if (term.isEmpty()) {
                continue; // terms are separated by one or more spaces
            }
            Matcher name = NAME.matcher(term);
            if (name.lookingAt() && name.end() < term.length() && term.charAt(name.end()) == '=') {
                String modifier = name.group().toLowerCase(Locale.ROOT);
                String value = term.substring(name.end() + 1);
                switch (modifier) {
                    case "redirect" -> {
                        if (redirect != null) {
                            throw SpfError.perm("redirect= appears twice");
                        }
                        redirect = domainSpec(value, term);
                    }
                    case "exp" -> {
                        if (exp != null) {
                            throw SpfError.perm("exp= appears twice");
                        }
                        exp = domainSpec(value, term);
                    }
                    default -> SpfMacros.parseExplanation(value); // syntax only; its meaning is unknown
                }
            } else {
                directives.add(directive(term));
            }
        }
        return new SpfRecord(List.copyOf(directives), redirect, exp);
    }

    private static Directive directive(String term) throws SpfError {
        char first = term.charAt(0);
        boolean qualified = "+-~?".indexOf(first) >= 0;
        SpfResult qualifier = qualified ? SpfResult.ofQualifier(first) : SpfResult.PASS;
        String body = qualified ? term.substring(1) : term;
        Matcher name = NAME.matcher(body);
        Mechanism mechanism = name.lookingAt() ? mechanism(name.group()) : null;
        if (mechanism == null) {
            throw SpfError.perm("unknown mechanism \"" + term + "\"");
        }
        String rest = body.substring(name.end());
        return switch (mechanism) {
            case ALL -> {
                if (!rest.isEmpty()) {
                    throw SpfError.perm("\"all\" takes no argument: \"" + term + "\"");
                }
                yield new Directive(qualifier, mechanism, term, null, null, 32, 128);
            }
            case INCLUDE, EXISTS -> {
                if (!rest.startsWith(":")) {
                    throw SpfError.perm("\"" + term + "\" needs \":domain\"");
                }
                yield new Directive(qualifier, mechanism, term, domainSpec(rest.substring(1), term), null, 32, 128);
            }
            case PTR -> {
                DomainSpec domain = null;
                if (rest.startsWith(":")) {
                    domain = domainSpec(rest.substring(1), term);
                } else if (!rest.isEmpty()) {
                    throw SpfError.perm("\"ptr\" takes only \":domain\": \"" + term + "\"");
                }
                yield new Directive(qualifier, mechanism, term, domain, null, 32, 128);
            }
            case A, MX -> {
                DomainSpec domain = null;
                String cidrs = rest;
                if (rest.startsWith(":")) {
                    Matcher split = DOMAIN_AND_CIDR.matcher(rest.substring(1));
                    split.matches(); // always matches: the suffix may be empty
                    domain = domainSpec(split.group(1), term);
                    cidrs = split.group(2);
                }
                Matcher dual = DUAL_CIDR.matcher(cidrs);
                if (!dual.matches()) {
                    throw SpfError.perm("bad CIDR length in \"" + term + "\"");
                }
                int cidr4 = dual.group(1) == null ? 32 : cidr(dual.group(1), 32, term);
                int cidr6 = dual.group(2) == null ? 128 : cidr(dual.group(2), 128, term);
                yield new Directive(qualifier, mechanism, term, domain, null, cidr4, cidr6);
            }
            case IP4, IP6 -> ipDirective(qualifier, mechanism, term, rest);
        };
    }

    private static Directive ipDirective(SpfResult qualifier, Mechanism mechanism, String term, String rest)
            throws SpfError {
        if (!rest.startsWith(":")) {
            throw SpfError.perm("\"" + term + "\" needs an address");
        }
        String argument = rest.substring(1);
        int slash = argument.indexOf('/');
        String address = slash < 0 ? argument : argument.substring(0, slash);
        boolean ip4 = mechanism == Mechanism.IP4;
        byte[] network = ip4 ? SpfAddresses.parseIp4(address) : SpfAddresses.parseIp6(address);
        if (network == null) {
            throw SpfError.perm("bad address in \"" + term + "\"");
        }
        int max = ip4 ? 32 : 128;
        int prefix = slash < 0 ? max : cidr(argument.substring(slash + 1), max, term);
        return new Directive(qualifier, mechanism, term, null, network, ip4 ? prefix : 32, ip4 ? 128 : prefix);
    }

    private static int cidr(String digits, int max, String term) throws SpfError {
        if (!CIDR_VALUE.matcher(digits).matches() || Integer.parseInt(digits) > max) {
            throw SpfError.perm("bad CIDR length in \"" + term + "\" (0-" + max + ", no leading zeros)");
        }
        return Integer.parseInt(digits);
    }

    /**
     * domain-spec = macro-string domain-end, where domain-end is "." toplabel ["."] or a macro
     * (§7.1): "a:museum", "a:abc.123" and "a:example.-com" are errors, "a:%{h}" is not.
     */
    private static DomainSpec domainSpec(String text, String term) throws SpfError {
        if (text.isEmpty()) {
            throw SpfError.perm("empty domain in \"" + term + "\"");
        }
        List<Token> tokens = SpfMacros.parseDomainSpec(text);
        if (!SpfMacros.endsWithMacro(tokens)) {
            String trimmed = text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
            int dot = trimmed.lastIndexOf('.');
            if (dot < 0 || !TOPLABEL.matcher(trimmed.substring(dot + 1)).matches()) {
                throw SpfError.perm("invalid domain \"" + text + "\" in \"" + term + "\"");
            }
        }
        return new DomainSpec(text, tokens);
    }

    private static Mechanism mechanism(String name) {
        for (Mechanism m : Mechanism.values()) {
            if (m.name().equalsIgnoreCase(name)) {
                return m;
            }
        }
        return null;
    }
}
