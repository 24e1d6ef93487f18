// Makes the DKIM-Signature header field (RFC 6376, RFC 8463) that Caravan prepends to a message before it relays it.
package io.caravan.signing;

import io.caravan.dkim.Canonicalization;
import io.caravan.dkim.DkimAlgorithm;
import io.caravan.dkim.DkimKeys;
import io.caravan.dkim.SignedData;
import io.caravan.mail.MessageParts;
import io.caravan.mail.Domains;
import io.caravan.mail.RawMessage;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Signs the raw message bytes as they will be relayed, and returns only the field to prepend: the
 * message itself is never changed (DESIGN invariant 3). Default c=relaxed/relaxed, a t= tag, no l=,
 * and the h= list of RFC 6376 §5.4.1 with the identity-bearing fields oversigned.
 */
public final class DkimSigner {

    /** The fields RFC 6376 §5.4.1 recommends signing, in the order h= lists them. */
    public static final List<String> SIGNED_FIELDS = List.of("from", "reply-to", "subject", "date", "to", "cc",
            "resent-date", "resent-from", "resent-to", "resent-cc", "in-reply-to", "references", "list-id",
            "list-help", "list-unsubscribe", "list-subscribe", "list-post", "list-owner", "list-archive",
            "message-id", "mime-version", "content-type", "content-transfer-encoding");

    /** Listed once more than they occur, so a copy added after signing breaks the signature. */
    public static final Set<String> OVERSIGNED = Set.of("from", "subject", "date", "to", "cc", "message-id",
            "mime-version", "content-type", "content-transfer-encoding");

    private final Canonicalization headerCanonicalization;
    private final Canonicalization bodyCanonicalization;

    /** relaxed/relaxed, what survives the whitespace changes relays make. */
    public DkimSigner() {
        this(Canonicalization.RELAXED, Canonicalization.RELAXED);
    }

    public DkimSigner(Canonicalization header, Canonicalization body) {
        this.headerCanonicalization = Objects.requireNonNull(header);
        this.bodyCanonicalization = Objects.requireNonNull(body);
    }

    /**
     * The complete "DKIM-Signature: ...\r\n" field for {@code message} (raw RFC 5322 bytes with CRLF
     * line ends), folded at 78 characters. Prepending it to the unchanged message gives the signed message.
     */
    public byte[] signatureField(byte[] message, SigningKey key, Instant now) {
        return signatureField(RawMessage.of(message), key, now);
    }

    /** The same for a message that may be spooled: its body is streamed through the hash, never loaded. */
    public byte[] signatureField(RawMessage message, SigningKey key, Instant now) {
        MessageParts parts = MessageParts.parse(message);
        List<String> signed = signedFieldNames(parts);
        byte[] bodyHash = SignedData.body(parts, bodyCanonicalization, -1).hash();

        FoldedField field = new FoldedField("DKIM-Signature")
                .tag("v=1;")
                .tag("a=" + key.algorithm().tag() + ";")
                .tag("c=" + headerCanonicalization.tag() + "/" + bodyCanonicalization.tag() + ";")
                .tag("d=" + Domains.ascii(key.domain()) + ";")
                .tag("s=" + key.selector() + ";")
                .tag("t=" + now.getEpochSecond() + ";");
        for (int i = 0; i < signed.size(); i++) {
            String piece = signed.get(i) + (i == signed.size() - 1 ? ";" : ":");
            if (i == 0) {
                field.tag("h=" + piece);
            } else {
                field.glued(piece);
            }
        }
        field.tag("bh=" + Base64.getEncoder().encodeToString(bodyHash) + ";").newLine().glued("b=");

        byte[] template = field.text().getBytes(StandardCharsets.UTF_8);
        byte[] headerData = SignedData.headers(parts, signed, headerCanonicalization, template);
        byte[] signature = key.algorithm().sign(key.privateKey(), headerData);
        String complete = field.breakable(Base64.getEncoder().encodeToString(signature)).text() + "\r\n";
        return complete.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The h= list for a message: each field of {@link #SIGNED_FIELDS} as often as it occurs, the
     * {@link #OVERSIGNED} ones once more; From always, even if the message lacks it.
     */
    public static List<String> signedFieldNames(MessageParts parts) {
        List<String> names = new ArrayList<>();
        for (String name : SIGNED_FIELDS) {
            int count = parts.count(name);
            if (count == 0 && !name.equals("from")) {
                continue;
            }
            int times = OVERSIGNED.contains(name) ? count + 1 : count;
            for (int i = 0; i < times; i++) {
                names.add(name);
            }
        }
        return names;
    }

    /** The TXT record to publish at {@code selector._domainkey.domain} for this key. */
    public static String dnsRecord(SigningKey key) {
        return dnsRecord(DkimKeys.publicKey(key.privateKey()), key.algorithm());
    }

    /** "v=DKIM1; k=rsa; p=..." or "v=DKIM1; k=ed25519; p=..." (the raw 32-byte key, RFC 8463 §4.2). */
    public static String dnsRecord(PublicKey key, DkimAlgorithm algorithm) {
        String p = Base64.getEncoder().encodeToString(DkimKeys.dnsKeyBytes(key, algorithm));
        return "v=DKIM1; k=" + algorithm.keyType().toLowerCase(Locale.ROOT) + "; p=" + p;
    }
}
