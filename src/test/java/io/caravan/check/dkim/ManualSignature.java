// Test-only signer that writes any tags it is given (l=, x=, i=, weak keys), which DkimSigner deliberately never does.
package io.caravan.check.dkim;

import io.caravan.dkim.Canonicalization;
import io.caravan.dkim.DkimAlgorithm;
import io.caravan.mail.MessageParts;
import io.caravan.dkim.SignedData;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.util.Base64;
import java.util.List;

final class ManualSignature {

    private ManualSignature() {
    }

    /**
     * The signed message: a DKIM-Signature with {@code tags} (everything except bh= and b=, e.g.
     * "v=1; a=rsa-sha256; c=relaxed/relaxed; d=example.com; s=s1; h=from:subject; l=10;") prepended
     * to {@code message}, signed with the raw key whatever its size.
     */
    static byte[] sign(String message, String tags, DkimAlgorithm algorithm, PrivateKey key,
            Canonicalization header, Canonicalization body, long length, List<String> signedFields) {
        MessageParts parts = MessageParts.parse(message.getBytes(StandardCharsets.UTF_8));
        String bh = Base64.getEncoder().encodeToString(SignedData.body(parts, body, length).hash());
        String template = "DKIM-Signature: " + tags + " bh=" + bh + ";\r\n b=";
        byte[] data = SignedData.headers(parts, signedFields, header, template.getBytes(StandardCharsets.UTF_8));
        String b = Base64.getEncoder().encodeToString(algorithm.sign(key, data));
        return (template + b + "\r\n" + message).getBytes(StandardCharsets.UTF_8);
    }
}
