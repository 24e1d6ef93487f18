// Start-up check of caravan.admin: roles, token strength, and no open admin interface beyond loopback.
package io.caravan.admin;

import io.caravan.config.ConfigurationCheck;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

@Singleton
public class AdminConfigurationCheck implements ConfigurationCheck {

    private static final Set<String> ROLES = Set.of("viewer", "admin");

    private final AdminConfig config;
    private final String httpHost;

    public AdminConfigurationCheck(AdminConfig config, @ConfigProperty(name = "quarkus.http.host") String httpHost) {
        this.config = config;
        this.httpHost = httpHost;
    }

    @Override
    public List<String> configurationErrors() {
        List<String> errors = new ArrayList<>();
        config.tokens().forEach((name, t) -> {
            if (!ROLES.contains(t.role())) {
                errors.add("caravan.admin.tokens." + name + ".role: '" + t.role() + "' is not one of viewer, admin");
            }
            if (t.token().length() < 16) {
                errors.add("caravan.admin.tokens." + name + ".token: shorter than 16 characters");
            }
        });
        if (config.tokens().isEmpty() && !isLoopback(httpHost)) {
            errors.add("caravan.admin.tokens: the admin interface listens on " + httpHost + " (quarkus.http.host) without"
                    + " authentication; configure tokens, or listen on 127.0.0.1");
        }
        return errors;
    }

    static boolean isLoopback(String host) {
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress(); // the configured literal; a name is resolved once here
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
