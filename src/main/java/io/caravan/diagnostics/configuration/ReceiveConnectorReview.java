// Configuration, step 2: each receive connector is bound, is no open relay, and does not require AUTH without users.
package io.caravan.diagnostics.configuration;

import io.caravan.diagnostics.DiagnosticCheck;
import io.caravan.diagnostics.Findings;
import io.caravan.mail.IpRange;
import io.caravan.receive.connector.ReceiveConnectorsConfig;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;

public final class ReceiveConnectorReview implements DiagnosticCheck {

    /** Addresses spread over the public internet: a relay range holding any of them relays for strangers. */
    private static final List<InetAddress> PUBLIC = List.of("1.1.1.1", "8.8.8.8", "64.0.0.1", "128.0.0.1", "193.0.0.1", "2001:4860::1", "2a00::1")
            .stream().map(IpRange::address).toList();

    private final Map<String, ReceiveConnectorsConfig.ReceiveConnector> connectors;
    private final Function<String, OptionalInt> boundPort;
    private final Optional<String> usersFile;

    /** @param boundPort the port a connector listens on now, empty when it is not listening */
    public ReceiveConnectorReview(Map<String, ReceiveConnectorsConfig.ReceiveConnector> connectors, Function<String, OptionalInt> boundPort,
            Optional<String> usersFile) {
        this.connectors = connectors;
        this.boundPort = boundPort;
        this.usersFile = usersFile;
    }

    @Override
    public void run(Findings out) {
        connectors.forEach((name, c) -> {
            String key = "caravan.receive-connectors." + name;
            String step = "receive connector " + name;
            OptionalInt port = boundPort.apply(name);
            if (port.isPresent()) {
                out.ok(step, "Listening on " + c.bind() + ":" + port.getAsInt() + ".", key + ".port: " + c.port());
            } else {
                out.failure(step, "Not listening: nothing receives mail on " + c.bind() + ":" + c.port() + ".", key + ".port: " + c.port(),
                        "Read the start-up log for the bind error (port in use, or a privileged port without the right to bind it).");
            }
            for (String range : c.relayRanges().orElse(List.of())) {
                IpRange r;
                try {
                    r = IpRange.parse(range);
                } catch (IllegalArgumentException e) {
                    continue; // start-up refuses it; nothing to add here
                }
                if (PUBLIC.stream().anyMatch(r::contains)) {
                    out.failure(step, "Relay range " + range + " covers public internet addresses: an open relay.", key + ".relay-ranges: " + range,
                            "Narrow " + key + ".relay-ranges to your own networks (e.g. 10.0.0.0/8), or make senders authenticate.");
                }
            }
            if (c.auth().equalsIgnoreCase("required") && usersFile.isEmpty()) {
                out.failure(step, "AUTH is required but no users file is set: nobody can send through this connector.", key + ".auth: required",
                        "Set caravan.auth.users-file (lines name:bcrypt-hash, made with the password tool).");
            }
        });
    }
}
