// End-of-data hook that refuses a message which has passed through too many hops (a mail loop).
package io.caravan.receive.hook;

import io.caravan.mail.Envelope;
import io.caravan.mail.RawMessage;
import io.caravan.mail.SmtpReply;
import io.caravan.receive.connector.ReceiveConnectorsConfig;
import jakarta.inject.Singleton;

/** RFC 5321 §6.3: count Received fields; above the connector's max-hops the message is looping. */
@Singleton
public class LoopDetection implements EndOfDataHook {

    private final ReceiveConnectorsConfig config;

    public LoopDetection(ReceiveConnectorsConfig config) {
        this.config = config;
    }

    @Override
    public HookResult onEndOfData(SessionInfo session, Envelope envelope, RawMessage message) {
        int max = config.receiveConnectors().get(session.connector()).maxHops();
        int hops = countReceivedFields(message.head());
        if (hops > max) {
            return HookResult.reject(SmtpReply.of(554, "5.4.6", "Too many hops (" + hops + "): mail loop detected"));
        }
        return HookResult.next();
    }

    /** Counts header lines starting "Received:" (any case) up to the blank line ending the header. */
    static int countReceivedFields(byte[] m) {
        int count = 0;
        int i = 0;
        while (i < m.length) {
            if (m[i] == '\r' || m[i] == '\n') {
                return count; // blank line: end of header section
            }
            if (startsWithIgnoreCase(m, i, "received:")) {
                count++;
            }
            while (i < m.length && m[i] != '\n') {
                i++;
            }
            i++;
        }
        return count;
    }

    private static boolean startsWithIgnoreCase(byte[] m, int at, String s) {
        if (at + s.length() > m.length) {
            return false;
        }
        for (int k = 0; k < s.length(); k++) {
            if (Character.toLowerCase((char) m[at + k]) != s.charAt(k)) {
                return false;
            }
        }
        return true;
    }
}
