// Reads a PEM certificate chain and its private key, and checks that the two belong together.
package io.caravan.receive.tls;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/** A leaf-first certificate chain and the private key of its first certificate. */
record PemPair(List<X509Certificate> chain, PrivateKey key) {

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
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        for (Object pem : readAll(file, "certificate")) {
            // A combined file may hold the key as well; Vert.x skips such blocks too, so only certificates count.
            if (pem instanceof X509CertificateHolder holder) {
                try {
                    chain.add(converter.getCertificate(holder));
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
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        for (Object pem : readAll(file, "private key")) {
            try {
                if (pem instanceof PrivateKeyInfo pkcs8) {
                    return converter.getPrivateKey(pkcs8);
                }
                if (pem instanceof PEMKeyPair pkcs1OrSec1) {
                    return converter.getPrivateKey(pkcs1OrSec1.getPrivateKeyInfo());
                }
            } catch (IOException e) {
                throw new IllegalArgumentException("private key file " + file + " holds an unreadable key: "
                        + e.getMessage(), e);
            }
            if (pem instanceof PEMEncryptedKeyPair || pem instanceof PKCS8EncryptedPrivateKeyInfo) {
                // Nowhere to ask for a passphrase at start-up.
                throw new IllegalArgumentException("private key file " + file
                        + " is encrypted; Caravan needs an unencrypted key (readable by its user only)");
            }
            // Anything else (the EC PARAMETERS block `openssl ecparam -genkey` writes first) is skipped.
        }
        throw new IllegalArgumentException("private key file " + file
                + " contains no BEGIN PRIVATE KEY, BEGIN RSA PRIVATE KEY or BEGIN EC PRIVATE KEY block");
    }

    private static List<Object> readAll(Path file, String what) {
        if (!Files.exists(file)) {
            throw new IllegalArgumentException(what + " file " + file + " does not exist");
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new IllegalArgumentException(what + " file " + file + " is not a readable file");
        }
        List<Object> objects = new ArrayList<>();
        // Latin-1 never fails to decode, so text around the blocks (openssl -text output) cannot break parsing.
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1);
                PEMParser parser = new PEMParser(reader)) {
            for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
                objects.add(o);
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(what + " file " + file + " is not valid PEM: " + e.getMessage(), e);
        }
        return objects;
    }
}
