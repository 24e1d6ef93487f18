// Admin interface settings (caravan.admin.*): who may read and who may change through /api and the Camel consoles.
package io.caravan.admin;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Map;

/**
 * <pre>
 * caravan:
 *   admin:
 *     tokens:
 *       ops:     { role: admin,  token: "${OPS_TOKEN}" }     # may change: retry, suspend, remove, release
 *       grafana: { role: viewer, token: "${VIEW_TOKEN}" }    # may read
 * </pre>
 * With https: true the same port speaks HTTPS with caravan.tls.* (the SMTP certificate).
 * With no tokens the admin interface answers anyone who reaches it, so it may listen on loopback only
 * (quarkus.http.host, 127.0.0.1 by default).
 */
@ConfigMapping(prefix = "caravan.admin")
public interface AdminConfig {

    /** By name: the name is who the audit log says acted. */
    Map<String, Token> tokens();

    /** Failed attempts from one address within failure-window before it gets 429 for the rest of the window. */
    @WithDefault("10")
    int maxFailures();

    @WithDefault("10m")
    Duration failureWindow();

    /**
     * Serve the admin port (quarkus.http.port) over HTTPS only, with the receive connectors' certificate
     * (caravan.tls.*, or the self-signed one under data-dir/tls).
     */
    @WithDefault("false")
    boolean https();

    interface Token {
        /** viewer (read) or admin (read and change). */
        String role();

        /** The bearer token; at least 16 characters. */
        String token();
    }
}
