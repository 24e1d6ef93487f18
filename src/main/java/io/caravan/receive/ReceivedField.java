// Builds the Received: trace field (RFC 5321 §4.4) that Caravan prepends to every accepted message.
package io.caravan.receive;

import io.caravan.mail.MailAddress;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

final class ReceivedField {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.US);

    private ReceivedField() {
    }

    /**
     * @param protocol RFC 3848 "with" keyword: SMTP or ESMTP
     * @param recipients "for" is only written for a single recipient, so Bcc lists are not disclosed
     */
    static byte[] build(String helo, InetAddress client, String hostname, String protocol, String queueId,
            List<MailAddress> recipients, ZonedDateTime when) {
        StringBuilder sb = new StringBuilder(200);
        sb.append("Received: from ").append(helo.isEmpty() ? "unknown" : helo)
                .append(" (").append(literal(client)).append(")\r\n")
                .append("\tby ").append(hostname).append(" (Caravan) with ").append(protocol)
                .append(" id ").append(queueId);
        if (recipients.size() == 1) {
            sb.append("\r\n\tfor <").append(recipients.get(0).address()).append('>');
        }
        sb.append("; ").append(DATE.format(when)).append("\r\n");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    static String literal(InetAddress a) {
        return a instanceof Inet6Address ? "[IPv6:" + a.getHostAddress() + "]" : "[" + a.getHostAddress() + "]";
    }
}
