// MAIL hook: at most max-messages-per-minute-per-ip transactions per client IP and connector, over a sliding minute.
package io.caravan.receive.hook;

import io.caravan.mail.MailAddress;
import io.caravan.mail.SmtpReply;
import io.caravan.receive.connector.ReceiveConnectorsConfig;
import jakarta.inject.Singleton;

import java.net.InetAddress;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Exchange's MessageRateLimit, Postfix's smtpd_client_message_rate_limit: 450 4.7.1, so the client retries later. */
@Singleton
public class MessageRateLimit implements MailHook {

    private static final long MINUTE_NANOS = 60_000_000_000L;
    private static final int MAX_TRACKED = 100_000;

    private final ReceiveConnectorsConfig config;
    private final Map<List<Object>, Deque<Long>> recent = new ConcurrentHashMap<>();

    public MessageRateLimit(ReceiveConnectorsConfig config) {
        this.config = config;
    }

    @Override
    public HookResult onMail(SessionInfo session, MailAddress sender, Map<String, String> parameters) {
        int limit = config.receiveConnectors().get(session.connector()).maxMessagesPerMinutePerIp();
        if (limit <= 0) {
            return HookResult.next();
        }
        if (recent.size() > MAX_TRACKED) {
            recent.clear(); // bounded memory: forgetting is safer than growing without end
        }
        InetAddress ip = session.clientAddress();
        Deque<Long> times = recent.computeIfAbsent(List.of(session.connector(), ip), k -> new ArrayDeque<>());
        long now = System.nanoTime();
        synchronized (times) {
            while (!times.isEmpty() && now - times.peekFirst() >= MINUTE_NANOS) {
                times.pollFirst();
            }
            if (times.size() >= limit) {
                return HookResult.defer(SmtpReply.of(450, "4.7.1", "Too much mail from " + ip.getHostAddress()
                        + " (at most " + limit + " messages per minute), try again later"));
            }
            times.addLast(now);
        }
        return HookResult.next();
    }
}
