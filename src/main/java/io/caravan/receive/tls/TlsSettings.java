// The receive connectors' TLS material, resolved once from caravan.tls.* (or generated) and shared.
package io.caravan.receive.tls;

import io.caravan.config.CaravanConfig;
import io.caravan.config.ServerIdentity;
import jakarta.inject.Singleton;

import java.nio.file.Path;

@Singleton
public class TlsSettings {

    private final CaravanConfig config;
    private final ServerIdentity identity;
    private TlsMaterial material;

    public TlsSettings(CaravanConfig config, ServerIdentity identity) {
        this.config = config;
        this.identity = identity;
    }

    /** @throws IllegalArgumentException naming the file and what is wrong */
    public synchronized TlsMaterial material() {
        if (material == null) {
            material = TlsMaterial.resolve(config.tls().certificate().map(Path::of), config.tls().privateKey().map(Path::of),
                    Path.of(config.dataDir()), identity.hostname());
        }
        return material;
    }
}
