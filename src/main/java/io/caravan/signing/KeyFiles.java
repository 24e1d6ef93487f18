// Reads DKIM private keys from PEM files and generates new key pairs, written as owner-only PKCS#8 PEM.
package io.caravan.signing;

import io.caravan.dkim.DkimAlgorithm;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.RSAPrivateKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;

/**
 * Reads "BEGIN PRIVATE KEY" (PKCS#8, RSA or Ed25519) and "BEGIN RSA PRIVATE KEY" (PKCS#1), as
 * {@code openssl genpkey} and older {@code openssl genrsa} write them. Encrypted keys are refused:
 * there is nobody to ask for a passphrase at start-up.
 */
public final class KeyFiles {

    private static final Pattern BLOCK =
            Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);
    private static final int RSA_GENERATED_BITS = 2048;

    private KeyFiles() {
    }

    /** @throws IllegalArgumentException naming the file and what is wrong with it */
    public static PrivateKey load(Path file) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new IllegalArgumentException("DKIM private key file " + file + " does not exist or is not readable");
        }
        try {
            return parse(Files.readString(file, StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
            throw new IllegalArgumentException("DKIM private key file " + file + " cannot be read: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("DKIM private key file " + file + ": " + e.getMessage(), e);
        }
    }

    /** The first private key block in PEM text. */
    public static PrivateKey parse(String pem) {
        Matcher m = BLOCK.matcher(pem);
        while (m.find()) {
            String type = m.group(1);
            String body = m.group(2);
            if (type.equals("ENCRYPTED PRIVATE KEY") || body.contains("ENCRYPTED")) {
                throw new IllegalArgumentException("the key is encrypted; Caravan needs an unencrypted key "
                        + "readable by its user only");
            }
            if (type.equals("PRIVATE KEY")) {
                return fromPkcs8(decode(body));
            }
            if (type.equals("RSA PRIVATE KEY")) {
                return fromPkcs8(pkcs1ToPkcs8(decode(body)));
            }
        }
        throw new IllegalArgumentException("no BEGIN PRIVATE KEY or BEGIN RSA PRIVATE KEY block");
    }

    /**
     * Generates an RSA 2048 or Ed25519 key pair and writes the private key as PKCS#8 PEM, readable and
     * writable by the owner only. An existing file is never overwritten.
     */
    public static KeyPair generate(DkimAlgorithm algorithm, Path privateKeyFile) throws IOException {
        if (Files.exists(privateKeyFile)) {
            throw new FileAlreadyExistsException(privateKeyFile.toString(), null, "refusing to overwrite a key");
        }
        KeyPair pair = generate(algorithm);
        Path dir = privateKeyFile.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
        Path temp = posix
                ? Files.createTempFile(dir, ".dkim", ".tmp",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                : Files.createTempFile(dir, ".dkim", ".tmp");
        try {
            if (!posix) {
                File f = temp.toFile();
                f.setReadable(false, false);
                f.setReadable(true, true);
                f.setWritable(false, false);
                f.setWritable(true, true);
            }
            Files.writeString(temp, pem(pair.getPrivate()), StandardCharsets.US_ASCII);
            Files.move(temp, privateKeyFile);
        } finally {
            Files.deleteIfExists(temp);
        }
        return pair;
    }

    /** A fresh key pair: RSA 2048 for rsa-sha256, Ed25519 for ed25519-sha256. */
    public static KeyPair generate(DkimAlgorithm algorithm) {
        try {
            if (algorithm == DkimAlgorithm.RSA_SHA256) {
                KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
                g.initialize(RSA_GENERATED_BITS);
                return g.generateKeyPair();
            }
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate a " + algorithm.tag() + " key: " + e.getMessage(), e);
        }
    }

    /** The key as "BEGIN PRIVATE KEY" PEM (PKCS#8), base64 lines of 64 characters. */
    public static String pem(PrivateKey key) {
        String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(key.getEncoded());
        return "-----BEGIN PRIVATE KEY-----\n" + base64 + "\n-----END PRIVATE KEY-----\n";
    }

    private static byte[] decode(String body) {
        try {
            return Base64.getMimeDecoder().decode(body.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the PEM block is not valid base64", e);
        }
    }

    private static byte[] pkcs1ToPkcs8(byte[] der) {
        try {
            RSAPrivateKey rsa = RSAPrivateKey.getInstance(der);
            return new PrivateKeyInfo(new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE), rsa)
                    .getEncoded();
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("the RSA PRIVATE KEY block is not a PKCS#1 key", e);
        }
    }

    private static PrivateKey fromPkcs8(byte[] der) {
        ASN1ObjectIdentifier oid;
        try {
            oid = PrivateKeyInfo.getInstance(der).getPrivateKeyAlgorithm().getAlgorithm();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the PRIVATE KEY block is not a PKCS#8 key", e);
        }
        String algorithm;
        if (oid.equals(PKCSObjectIdentifiers.rsaEncryption)) {
            algorithm = "RSA";
        } else if (oid.equals(EdECObjectIdentifiers.id_Ed25519)) {
            algorithm = "Ed25519";
        } else {
            throw new IllegalArgumentException("unsupported key algorithm " + oid + " (DKIM keys are RSA or Ed25519)");
        }
        try {
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("unreadable " + algorithm + " key: " + e.getMessage(), e);
        }
    }
}
