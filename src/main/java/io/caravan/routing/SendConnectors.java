// The configured send connectors, validated, and the choice of one for a recipient domain.
package io.caravan.routing;

import io.caravan.dns.HostAndPort;
import io.caravan.config.CaravanConfig;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

@Singleton
@Named("sendConnectors")
public class SendConnectors {

    private final List<SendConnector> connectors;

    public SendConnectors(SendConnectorsConfig config, CaravanConfig core) {
        this.connectors = parse(config.sendConnectors(), Path.of(core.dataDir()));
    }

    /** The connector whose address space covers the domain most specifically. */
    public Optional<SendConnector> select(String domain) {
        SendConnector best = null;
        int bestScore = -1;
        for (SendConnector c : connectors) {
            int score = c.specificity(domain);
            if (score > bestScore) {
                best = c;
                bestScore = score;
            }
        }
        return Optional.ofNullable(best);
    }

    public Optional<SendConnector> byName(String name) {
        return connectors.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /** Does this connector deliver into a local Maildir (a success report then says delivered, not relayed)? */
    public boolean isMaildir(String name) {
        return byName(name).map(c -> c.kind() == SendConnector.Kind.MAILDIR).orElse(false);
    }

    public List<SendConnector> all() {
        return connectors;
    }

    /** @throws IllegalArgumentException whose message names the offending key */
    static List<SendConnector> parse(Map<String, SendConnectorsConfig.SendConnector> config, Path dataDir) {
        List<SendConnector> out = new ArrayList<>();
        config.forEach((name, c) -> {
            String key = "caravan.send-connectors." + name;
            if (c.addressSpaces().isEmpty()) {
                throw new IllegalArgumentException(key + ".address-spaces: must list at least one domain, *.domain or *");
            }
            List<String> spaces = new ArrayList<>();
            for (String s : c.addressSpaces()) {
                String space = s.strip().toLowerCase(Locale.ROOT);
                String domain = space.startsWith("*.") ? space.substring(2) : space;
                if (!space.equals("*") && !domain.matches("[a-z0-9]([a-z0-9.-]*[a-z0-9])?")) {
                    throw new IllegalArgumentException(key + ".address-spaces: '" + s + "' is not a domain, *.domain or *");
                }
                spaces.add(space);
            }
            if (c.port() < 1 || c.port() > 65535) {
                throw new IllegalArgumentException(key + ".port: " + c.port() + " is outside 1-65535");
            }
            List<String> hosts = c.smarthosts().orElse(List.of());
            if (!hosts.isEmpty() && c.maildir().isPresent()) {
                throw new IllegalArgumentException(key + ": set smarthosts or maildir, not both");
            }
            List<HostAndPort> smarthosts = new ArrayList<>();
            for (String h : hosts) {
                try {
                    smarthosts.add(HostAndPort.parse(h, c.port()));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(key + ".smarthosts: " + e.getMessage());
                }
            }
            SendConnector.Kind kind = c.maildir().isPresent() ? SendConnector.Kind.MAILDIR
                    : smarthosts.isEmpty() ? SendConnector.Kind.MX : SendConnector.Kind.SMARTHOST;
            Path maildir = c.maildir().map(m -> dataDir.resolve(m)).orElse(null);
            out.add(new SendConnector(name, List.copyOf(spaces), kind, List.copyOf(smarthosts), c.port(), maildir));
        });
        return List.copyOf(out);
    }
}
