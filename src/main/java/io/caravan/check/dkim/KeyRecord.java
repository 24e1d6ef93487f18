// Reads a DKIM key record (RFC 6376 §3.6.1, RFC 8463 §4) and checks that it may verify a given signature.
package io.caravan.check.dkim;

import io.caravan.dkim.DkimKeys;
import io.caravan.dkim.TagList;
import java.security.PublicKey;
import java.security.spec.InvalidKeySpecException;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** A usable public key and the flags that govern it; {@link #forSignature} throws the PERMERROR otherwise. */
record KeyRecord(PublicKey key, boolean testing) {

    static KeyRecord forSignature(String txt, SignatureTags signature) throws DkimFailure {
        Map<String, String> tags;
        try {
            tags = TagList.parse(txt);
        } catch (IllegalArgumentException e) {
            throw DkimFailure.permerror("key record is malformed: " + e.getMessage());
        }
        if (tags.containsKey("v") && !tags.get("v").equals("DKIM1")) {
            throw DkimFailure.permerror("key record has unsupported version v=" + tags.get("v"));
        }
        String keyType = tags.getOrDefault("k", "rsa");
        if (!keyType.equals(signature.algorithm().keyType())) {
            throw DkimFailure.permerror("key type k=" + keyType + " does not match a=" + signature.algorithm().tag());
        }
        if (tags.containsKey("h") && !list(tags.get("h")).contains(signature.algorithm().hashName())) {
            throw DkimFailure.permerror("key record does not allow " + signature.algorithm().hashName() + " (h="
                    + tags.get("h") + ")");
        }
        if (tags.containsKey("s") && !list(tags.get("s")).contains("*") && !list(tags.get("s")).contains("email")) {
            throw DkimFailure.permerror("key is not for email (s=" + tags.get("s") + ")");
        }
        List<String> flags = tags.containsKey("t") ? list(tags.get("t")) : List.of();
        if (flags.contains("s") && !signature.identityDomain().equals(signature.domain())) {
            throw DkimFailure.permerror("key record sets t=s but i= is a subdomain of d=");
        }
        if (!tags.containsKey("p")) {
            throw DkimFailure.permerror("key record has no p= tag");
        }
        String p = TagList.compact(tags.get("p"));
        if (p.isEmpty()) {
            throw DkimFailure.permerror("key revoked");
        }
        PublicKey key;
        try {
            key = DkimKeys.fromDns(keyType, Base64.getDecoder().decode(p));
        } catch (IllegalArgumentException | InvalidKeySpecException e) {
            throw DkimFailure.permerror("key record holds an unusable " + keyType + " key");
        }
        int bits = DkimKeys.rsaBits(key);
        if (keyType.equals("rsa") && bits < DkimKeys.RSA_MINIMUM_BITS) {
            throw DkimFailure.permerror("RSA key of " + bits + " bits is too short (at least "
                    + DkimKeys.RSA_MINIMUM_BITS + " required)");
        }
        return new KeyRecord(key, flags.contains("y"));
    }

    private static List<String> list(String value) {
        return List.of(value.split(":")).stream().map(String::strip).toList();
    }
}
