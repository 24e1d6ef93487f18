// RemoteRangeFilter: only clients inside the connector's remote-ranges may talk to it; empty means anyone.
package io.caravan.receive.hook;

import static io.caravan.receive.hook.HookFixtures.anonymous;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.caravan.mail.SmtpReply;
import io.caravan.receive.TestConnector;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RemoteRangeFilterTest {

    private static RemoteRangeFilter hook(Optional<List<String>> ranges) {
        return new RemoteRangeFilter(HookFixtures.connectors(Map.of("default", new TestConnector(ranges, 0, 50, false))));
    }

    @Test
    void withoutRemoteRangesEveryClientMayConnect() {
        assertEquals(HookResult.next(), hook(Optional.empty()).onConnect(anonymous("203.0.113.5")));
        assertEquals(HookResult.next(), hook(Optional.of(List.of())).onConnect(anonymous("2001:db8::5")));
    }

    @Test
    void aClientInsideTheRangesMayConnect() {
        RemoteRangeFilter hook = hook(Optional.of(List.of("192.0.2.0/24", "2001:db8::/32")));

        assertEquals(HookResult.next(), hook.onConnect(anonymous("192.0.2.77")));
        assertEquals(HookResult.next(), hook.onConnect(anonymous("2001:db8::1")));
    }

    @Test
    void aClientOutsideTheRangesIsRefusedWith554() {
        HookResult r = hook(Optional.of(List.of("192.0.2.0/24"))).onConnect(anonymous("198.51.100.7"));

        assertEquals(HookResult.Decision.REJECT, r.decision());
        assertEquals(SmtpReply.of(554, "5.7.1", "Connections from 198.51.100.7 are not accepted here"), r.reply());
    }
}
