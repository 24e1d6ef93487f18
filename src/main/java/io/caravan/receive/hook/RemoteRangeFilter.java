// Connect hook: only clients inside the connector's remote-ranges may talk to it (Exchange: RemoteIPRanges).
package io.caravan.receive.hook;

import io.caravan.mail.SmtpReply;
import io.caravan.receive.connector.IpRanges;
import io.caravan.receive.connector.ReceiveConnectorsConfig;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

@Singleton
public class RemoteRangeFilter implements ConnectHook {

    private final ReceiveConnectorsConfig config;
    private final Map<String, IpRanges> ranges = new ConcurrentHashMap<>();

    public RemoteRangeFilter(ReceiveConnectorsConfig config) {
        this.config = config;
    }

    @Override
    public HookResult onConnect(SessionInfo session) {
        List<String> allowed = config.receiveConnectors().get(session.connector()).remoteRanges().orElse(List.of());
        if (allowed.isEmpty() || ranges.computeIfAbsent(session.connector(), k -> IpRanges.parse(allowed)).contains(session.clientAddress())) {
            return HookResult.next();
        }
        return HookResult.reject(SmtpReply.of(554, "5.7.1", "Connections from " + session.clientAddress().getHostAddress()
                + " are not accepted here"));
    }
}
