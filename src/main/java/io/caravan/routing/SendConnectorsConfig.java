// Send connector configuration (caravan.send-connectors.<name>.*): where mail for an address space goes.
package io.caravan.routing;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.List;
import java.util.Map;
import java.util.Optional;

@ConfigMapping(prefix = "caravan")
public interface SendConnectorsConfig {

    Map<String, SendConnector> sendConnectors();

    interface SendConnector {
        /** Domains this connector serves: "example.com", "*.example.com" (subdomains too) or "*". */
        List<String> addressSpaces();

        /** host[:port] relays; empty means MX lookup of the recipient domain. */
        Optional<List<String>> smarthosts();

        /** Port for MX delivery, and for smarthosts given without one. */
        @WithDefault("25")
        int port();

        /** Directory of a local Maildir store (&lt;dir&gt;/&lt;domain&gt;/&lt;local-part&gt;/new) instead of SMTP. */
        Optional<String> maildir();
    }
}
