// caravan.admin.https: the admin port speaks HTTPS with the certificate the receive connectors serve.
package io.caravan.admin;

import io.caravan.receive.tls.TlsProtocols;
import io.caravan.receive.tls.TlsSettings;
import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.HttpServerOptions;
import jakarta.inject.Singleton;

/**
 * One setting instead of Quarkus' four (certificate files, key files, HTTPS port, insecure requests disabled):
 * the port the administrator already knows turns into HTTPS, with no plain listener left beside it, and the
 * certificate is the one mail clients already see (or the self-signed one, for a start).
 */
@Singleton
public class AdminHttps implements HttpServerOptionsCustomizer {

    private final AdminConfig config;
    private final TlsSettings tls;

    public AdminHttps(AdminConfig config, TlsSettings tls) {
        this.config = config;
        this.tls = tls;
    }

    @Override
    public void customizeHttpServer(HttpServerOptions options) {
        if (config.https()) {
            options.setSsl(true).setKeyCertOptions(tls.material().keyCertOptions());
            TlsProtocols.restrict(options);
        }
    }
}
