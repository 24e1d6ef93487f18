// Reads and validates the tags of one DKIM-Signature field (RFC 6376 §3.5, §6.1.1) before any key is fetched.
package io.caravan.check.dkim;

import io.caravan.dkim.Canonicalization;
import io.caravan.dkim.DkimAlgorithm;
import io.caravan.dkim.TagList;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A DKIM-Signature whose tags are all present and well-formed; {@link #parse} throws the PERMERROR otherwise. */
record SignatureTags(DkimAlgorithm algorithm, String domain, String selector, String identity,
        List<String> signedFields, byte[] bodyHash, byte[] signature, Canonicalization headerCanonicalization,
        Canonicalization bodyCanonicalization, long length) {

    private static final List<String> REQUIRED = List.of("v", "a", "b", "bh", "d", "h", "s");

    static SignatureTags parse(Map<String, String> tags, Instant now) throws DkimFailure {
        for (String tag : REQUIRED) {
            if (!tags.containsKey(tag)) {
                throw DkimFailure.permerror("signature has no " + tag + "= tag");
            }
        }
        if (!tags.get("v").equals("1")) {
            throw DkimFailure.permerror("unsupported signature version v=" + tags.get("v"));
        }
        String a = tags.get("a").toLowerCase(Locale.ROOT);
        if (a.equals("rsa-sha1")) {
            throw DkimFailure.permerror("rsa-sha1 signatures are not accepted (RFC 8301)");
        }
        DkimAlgorithm algorithm = DkimAlgorithm.fromTag(a)
                .orElseThrow(() -> DkimFailure.permerror("unknown signature algorithm a=" + a));
        byte[] signature = base64(tags.get("b"), "b");
        byte[] bodyHash = base64(tags.get("bh"), "bh");
        if (signature.length == 0 || bodyHash.length == 0) {
            throw DkimFailure.permerror("signature has an empty " + (signature.length == 0 ? "b=" : "bh=") + " tag");
        }
        String domain = tags.get("d").toLowerCase(Locale.ROOT);
        String selector = tags.get("s");
        if (domain.isEmpty() || selector.isEmpty()) {
            throw DkimFailure.permerror("signature has an empty " + (domain.isEmpty() ? "d=" : "s=") + " tag");
        }
        String identity = tags.get("i");
        if (identity != null && !withinDomain(identityDomain(identity), domain)) {
            throw DkimFailure.permerror("i= domain is not d= or a subdomain of it");
        }
        List<String> signed = new ArrayList<>();
        for (String name : tags.get("h").split(":", -1)) {
            String n = name.strip();
            if (n.isEmpty()) {
                throw DkimFailure.permerror("h= has an empty field name");
            }
            signed.add(n);
        }
        if (signed.stream().noneMatch(n -> n.equalsIgnoreCase("from"))) {
            throw DkimFailure.permerror("h= does not include From");
        }
        Canonicalization[] c = canonicalization(tags.getOrDefault("c", "simple/simple"));
        long length = tags.containsKey("l") ? number(tags.get("l"), "l") : -1;
        if (tags.containsKey("q") && List.of(tags.get("q").split(":")).stream().map(String::strip)
                .noneMatch(q -> q.equalsIgnoreCase("dns/txt"))) {
            throw DkimFailure.permerror("unsupported key query method q=" + tags.get("q"));
        }
        if (tags.containsKey("x")) {
            long expiry = number(tags.get("x"), "x");
            if (tags.containsKey("t") && expiry < number(tags.get("t"), "t")) {
                throw DkimFailure.permerror("x= is before t=");
            }
            if (now.getEpochSecond() > expiry) {
                throw DkimFailure.permerror("signature expired");
            }
        } else if (tags.containsKey("t")) {
            number(tags.get("t"), "t");
        }
        return new SignatureTags(algorithm, domain, selector, identity, List.copyOf(signed), bodyHash, signature,
                c[0], c[1], length);
    }

    /** The domain part of an i= value ("user@sub.example.com" or "@example.com"). */
    static String identityDomain(String identity) {
        return identity.substring(identity.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
    }

    /** The domain the i= value names, or d= when there is no i=. */
    String identityDomain() {
        return identity == null ? domain : identityDomain(identity);
    }

    private static boolean withinDomain(String candidate, String domain) {
        return candidate.equals(domain) || candidate.endsWith("." + domain);
    }

    private static Canonicalization[] canonicalization(String value) throws DkimFailure {
        String[] parts = value.split("/", -1);
        if (parts.length > 2) {
            throw DkimFailure.permerror("malformed c=" + value);
        }
        try {
            Canonicalization header = Canonicalization.of(parts[0]);
            Canonicalization body = parts.length == 2 ? Canonicalization.of(parts[1]) : Canonicalization.SIMPLE;
            return new Canonicalization[] {header, body};
        } catch (IllegalArgumentException e) {
            throw DkimFailure.permerror("unknown canonicalization c=" + value);
        }
    }

    private static byte[] base64(String value, String tag) throws DkimFailure {
        try {
            return Base64.getDecoder().decode(TagList.compact(value));
        } catch (IllegalArgumentException e) {
            throw DkimFailure.permerror(tag + "= is not valid base64");
        }
    }

    private static long number(String value, String tag) throws DkimFailure {
        if (value.isEmpty() || !value.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
            throw DkimFailure.permerror(tag + "= is not a number");
        }
        return value.length() > 18 ? Long.MAX_VALUE : Long.parseLong(value); // the syntax allows 76 digits
    }
}
