// DKIM signing settings (caravan.dkim.<domain>.*): which From domains Caravan signs for, and with which keys.
package io.caravan.signing;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Map;
import java.util.Optional;

@ConfigMapping(prefix = "caravan")
public interface DkimConfig {

    Map<String, Domain> dkim();

    interface Domain {
        /** Selector of the RSA key (the record is at selector._domainkey.domain). */
        @WithDefault("caravan")
        String selector();

        /** rsa-sha256, ed25519-sha256, or both (two signatures, RFC 8463 §3). */
        @WithDefault("rsa-sha256")
        String algorithm();

        /** PEM private key; unset: generated under data-dir/dkim at first start, its TXT record logged. */
        Optional<String> privateKey();

        /** Selector of the Ed25519 key, when algorithm is ed25519-sha256 or both. */
        @WithDefault("caravan-ed25519")
        String ed25519Selector();

        Optional<String> ed25519PrivateKey();
    }
}
