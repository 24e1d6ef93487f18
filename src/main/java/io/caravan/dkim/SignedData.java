// Computes what a DKIM signature covers (RFC 6376 §3.7): the body hash, and the header data the signature is made over.
package io.caravan.dkim;

import io.caravan.mail.HeaderField;
import io.caravan.mail.MessageParts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/** Shared by the signer and the verifier, so both hash exactly the same bytes. */
public final class SignedData {

    private SignedData() {
    }

    /** The SHA-256 of the canonical body (up to the l= limit) and the length of the whole canonical body. */
    public record BodyHash(byte[] hash, long canonicalLength) {
    }

    /** Hashes the body as it streams by: a body in the heap is never copied, a spooled one never loaded. */
    public static BodyHash body(MessageParts parts, Canonicalization canonicalization, long limit) {
        MessageDigest digest = sha256();
        BodyCanonicalizer canonicalizer = BodyCanonicalizer.hashing(canonicalization, digest, limit);
        try {
            parts.writeBody(new OutputStream() {
                @Override
                public void write(int b) {
                    canonicalizer.update(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] bytes, int offset, int count) {
                    canonicalizer.update(bytes, offset, count);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the message body: " + e.getMessage(), e);
        }
        long length = canonicalizer.finish();
        return new BodyHash(digest.digest(), length);
    }

    /**
     * The header data: each field that {@code signedNames} selects, canonicalized, then the
     * DKIM-Signature field itself (its b= value already empty) canonicalized without its final CRLF.
     */
    public static byte[] headers(MessageParts parts, List<String> signedNames, Canonicalization canonicalization,
            byte[] signatureFieldWithoutB) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        for (HeaderField field : parts.select(signedNames)) {
            canonicalization.header(field.message(), field.start(), field.end(), out);
        }
        ByteArrayOutputStream own = new ByteArrayOutputStream(signatureFieldWithoutB.length + 2);
        canonicalization.header(signatureFieldWithoutB, 0, signatureFieldWithoutB.length, own);
        byte[] ownBytes = own.toByteArray();
        int length = ownBytes.length;
        if (length >= 2 && ownBytes[length - 2] == '\r' && ownBytes[length - 1] == '\n') {
            length -= 2;
        }
        out.write(ownBytes, 0, length);
        return out.toByteArray();
    }

    /**
     * The raw DKIM-Signature field with the value of its b= tag deleted, surrounding whitespace and
     * folding included (RFC 6376 §3.7): everything between "b=" and the next ";" or the field's end.
     * A field without a b= tag is returned unchanged.
     */
    public static byte[] withoutSignatureValue(HeaderField field) {
        byte[] m = field.message();
        int end = field.end();
        int contentEnd = end;
        if (contentEnd > field.start() && m[contentEnd - 1] == '\n') {
            contentEnd--;
            if (contentEnd > field.start() && m[contentEnd - 1] == '\r') {
                contentEnd--;
            }
        }
        int i = field.colon() + 1;
        while (i < contentEnd) {
            while (i < contentEnd && isFws(m[i])) {
                i++;
            }
            int nameStart = i;
            while (i < contentEnd && m[i] != '=' && m[i] != ';' && !isFws(m[i])) {
                i++;
            }
            int nameEnd = i;
            while (i < contentEnd && isFws(m[i])) {
                i++;
            }
            int tagEnd = i;
            while (tagEnd < contentEnd && m[tagEnd] != ';') {
                tagEnd++;
            }
            if (i < contentEnd && m[i] == '=' && nameEnd - nameStart == 1 && m[nameStart] == 'b') {
                int valueStart = i + 1;
                ByteArrayOutputStream out = new ByteArrayOutputStream(end - field.start());
                out.write(m, field.start(), valueStart - field.start());
                out.write(m, tagEnd, end - tagEnd);
                return out.toByteArray();
            }
            i = tagEnd + 1;
        }
        return field.raw();
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static boolean isFws(byte b) {
        return b == ' ' || b == '\t' || b == '\r' || b == '\n';
    }
}
