// Reads a PEM certificate chain and its private key, and checks that the two belong together.
package io.caravan.receive.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * A leaf-first certificate chain and the private key of its first certificate. Certificates and
 * PKCS#8 keys ({@code BEGIN PRIVATE KEY}, what certbot and our own generator write) are read by the
 * JDK; only the traditional {@code BEGIN RSA PRIVATE KEY} and {@code BEGIN EC PRIVATE KEY} forms go
 * through BouncyCastle, whose classes cost a fifth of a second to load on the way to the first
 * listening port.
 */
record PemPair(List<X509Certificate> chain, PrivateKey key) {

    /** A PEM block: its label, whether its headers say it is encrypted, and its decoded bytes. */
    private record Block(String label, boolean encrypted, String text, byte[] der) {
    }

    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\r?\\n(.*?)-----END \\1-----", Pattern.DOTALL);
    /** The key algorithms a PKCS#8 block is tried as; anything else is refused by {@link PublicKeys}. */
    private static final List<String> KEY_ALGORITHMS = List.of("RSA", "EC", "Ed25519", "Ed448");

    /** @throws IllegalArgumentException naming the file and what is wrong with it */
    static PemPair load(Path certificateFile, Path keyFile) {
        List<X509Certificate> chain = readChain(certificateFile);
        PrivateKey key = readKey(keyFile);
        byte[] fromKey = PublicKeys.of(key, keyFile).getEncoded();
        if (!Arrays.equals(fromKey, chain.get(0).getPublicKey().getEncoded())) {
            throw new IllegalArgumentException("private key file " + keyFile
                    + " does not match the first certificate in " + certificateFile);
        }
        return new PemPair(List.copyOf(chain), key);
    }

    X509Certificate leaf() {
        return chain.get(0);
    }

    private static List<X509Certificate> readChain(Path file) {
        List<X509Certificate> chain = new ArrayList<>();
        for (Block block : readAll(file, "certificate")) {
            // A combined file may hold the key as well; Vert.x skips such blocks too, so only certificates count.
            if (block.label().equals("CERTIFICATE")) {
                try {
                    chain.add((X509Certificate) CertificateFactory.getInstance("X.509")
                            .generateCertificate(new ByteArrayInputStream(block.der())));
                } catch (CertificateException e) {
                    throw new IllegalArgumentException("certificate file " + file + " holds an invalid certificate: "
                            + e.getMessage(), e);
                }
            }
        }
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("certificate file " + file + " contains no BEGIN CERTIFICATE block");
        }
        return chain;
    }

    private static PrivateKey readKey(Path file) {
        for (Block block : readAll(file, "private key")) {
            if (block.encrypted() || block.label().equals("ENCRYPTED PRIVATE KEY")) {
                // Nowhere to ask for a passphrase at start-up.
                throw new IllegalArgumentException("private key file " + file
                        + " is encrypted; Caravan needs an unencrypted key (readable by its user only)");
            }
            switch (block.label()) {
                case "PRIVATE KEY" -> {
                    return pkcs8(file, block.der());
                }
                case "RSA PRIVATE KEY", "EC PRIVATE KEY" -> {
                    return traditional(file, block.text());
                }
                default -> { } // e.g. the EC PARAMETERS block `openssl ecparam -genkey` writes first
            }
        }
        throw new IllegalArgumentException("private key file " + file
                + " contains no BEGIN PRIVATE KEY, BEGIN RSA PRIVATE KEY or BEGIN EC PRIVATE KEY block");
    }

    private static PrivateKey pkcs8(Path file, byte[] der) {
        GeneralSecurityException last = null;
        for (String algorithm : KEY_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                last = e;
            }
        }
        throw new IllegalArgumentException("private key file " + file + " holds an unreadable key: "
                + last.getMessage(), last);
    }

    /** PKCS#1 (RSA) and SEC1 (EC) keys, which the JDK cannot read. */
    private static PrivateKey traditional(Path file, String pem) {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            if (parser.readObject() instanceof PEMKeyPair pair) {
                return new JcaPEMKeyConverter().getPrivateKey(pair.getPrivateKeyInfo());
            }
            throw new IOException("not a key pair");
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("private key file " + file + " holds an unreadable key: "
                    + e.getMessage(), e);
        }
    }

    private static List<Block> readAll(Path file, String what) {
        if (!Files.exists(file)) {
            throw new IllegalArgumentException(what + " file " + file + " does not exist");
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new IllegalArgumentException(what + " file " + file + " is not a readable file");
        }
        String text;
        try {
            // Latin-1 never fails to decode, so text around the blocks (openssl -text output) cannot break parsing.
            text = Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new IllegalArgumentException(what + " file " + file + " cannot be read: " + e.getMessage(), e);
        }
        List<Block> blocks = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            String body = m.group(2);
            boolean encrypted = body.contains("Proc-Type:") && body.contains("ENCRYPTED");
            String base64 = body.lines().filter(l -> !l.contains(":")).reduce("", String::concat);
            try {
                byte[] der = encrypted ? new byte[0] : Base64.getMimeDecoder().decode(base64);
                blocks.add(new Block(m.group(1), encrypted, m.group(), der));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(what + " file " + file + " is not valid PEM: " + e.getMessage(), e);
            }
        }
        return blocks;
    }
}
