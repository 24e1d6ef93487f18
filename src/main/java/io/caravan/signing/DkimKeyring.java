// The signing keys of caravan.dkim.<domain>: loaded from PEM files, or generated at first start with the record to publish.
package io.caravan.signing;

import io.caravan.dkim.DkimAlgorithm;
import io.caravan.config.CaravanConfig;
import io.caravan.mail.Domains;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A domain without a private-key file gets one generated under data-dir/dkim (RSA 2048 or
 * Ed25519), reused on later starts; the TXT record to publish is logged and served by /api/dkim.
 */
@Singleton
public class DkimKeyring {

    private static final Logger LOG = Logger.getLogger(DkimKeyring.class);

    private final Map<String, List<SigningKey>> keys = new LinkedHashMap<>();

    public DkimKeyring(DkimConfig config, CaravanConfig core) {
        config.dkim().forEach((domain, d) -> keys.put(Domains.ascii(domain), load(domain, d, Path.of(core.dataDir(), "dkim"))));
    }

    public List<SigningKey> keysFor(String domain) {
        return keys.getOrDefault(domain, List.of());
    }

    public Map<String, List<SigningKey>> all() {
        return keys;
    }

    /** The TXT value to publish at selector._domainkey.domain. */
    public static String record(SigningKey key) {
        return DkimSigner.dnsRecord(key);
    }

    private static List<SigningKey> load(String domain, DkimConfig.Domain d, Path generated) {
        String prefix = "caravan.dkim.\"" + domain + "\"";
        String algorithm = d.algorithm().strip().toLowerCase(Locale.ROOT);
        List<SigningKey> out = new ArrayList<>();
        if (algorithm.equals("rsa-sha256") || algorithm.equals("both")) {
            out.add(key(domain, d.selector(), DkimAlgorithm.RSA_SHA256, d.privateKey().map(Path::of), generated, prefix + ".private-key"));
        }
        if (algorithm.equals("ed25519-sha256") || algorithm.equals("both")) {
            out.add(key(domain, d.ed25519Selector(), DkimAlgorithm.ED25519_SHA256, d.ed25519PrivateKey().map(Path::of), generated,
                    prefix + ".ed25519-private-key"));
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(prefix + ".algorithm: '" + d.algorithm() + "' is not one of rsa-sha256, ed25519-sha256, both");
        }
        return List.copyOf(out);
    }

    private static SigningKey key(String domain, String selector, DkimAlgorithm algorithm, java.util.Optional<Path> configured,
            Path generatedDir, String key) {
        try {
            PrivateKey privateKey;
            if (configured.isPresent()) {
                privateKey = KeyFiles.load(configured.get());
            } else {
                Path file = generatedDir.resolve(Domains.ascii(domain) + "." + selector + ".pem");
                if (Files.exists(file)) {
                    privateKey = KeyFiles.load(file);
                } else {
                    Files.createDirectories(generatedDir);
                    KeyPair pair = KeyFiles.generate(algorithm, file);
                    privateKey = pair.getPrivate();
                    LOG.warnf("Generated a DKIM key for %s in %s; publish this TXT record at %s._domainkey.%s: %s", domain, file,
                            selector, domain, DkimSigner.dnsRecord(pair.getPublic(), algorithm));
                }
            }
            SigningKey signingKey = new SigningKey(Domains.ascii(domain), selector, algorithm, privateKey);
            signingKey.warning().ifPresent(w -> LOG.warnf("%s: %s", key, w));
            return signingKey;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
        }
    }
}
