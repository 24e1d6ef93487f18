// The queued bytes as a Jakarta Mail message that Jakarta Mail cannot rewrite, sent to the envelope recipients.
package io.caravan.delivery;

import io.caravan.mail.MailAddress;
import jakarta.mail.Address;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import org.eclipse.angus.mail.smtp.SMTPMessage;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Properties;

/**
 * Bytes are sacred (DESIGN.md invariant 3). Camel Mail's sender calls {@code saveChanges()}, adds a
 * Date when none is set, and Jakarta Mail's transport writes the message minus any Bcc and
 * Content-Length lines, re-folding what it touched. This message therefore holds the raw bytes
 * and writes exactly them; nothing Jakarta Mail sets on it reaches the wire. The envelope comes
 * from SMTP (invariant 4): {@link #getAllRecipients()} is RCPT TO, never the header fields.
 */
final class OutboundMessage extends SMTPMessage {

    private static final Session PARSE_ONLY = Session.getInstance(new Properties());

    private final byte[] raw;
    private final Address[] recipients;

    OutboundMessage(byte[] raw, MailAddress sender, List<MailAddress> rcpts) {
        super(PARSE_ONLY);
        this.raw = raw;
        setEnvelopeFrom(sender.isNullSender() ? "<>" : sender.address());
        this.recipients = new Address[rcpts.size()];
        for (int i = 0; i < rcpts.size(); i++) {
            InternetAddress a = new InternetAddress();
            a.setAddress(rcpts.get(i).address());
            recipients[i] = a;
        }
    }

    @Override
    public Address[] getAllRecipients() {
        return recipients.clone();
    }

    @Override
    public void writeTo(OutputStream os) throws IOException {
        os.write(raw);
    }

    @Override
    public void writeTo(OutputStream os, String[] ignoreList) throws IOException {
        os.write(raw);
    }

    @Override
    public int getSize() {
        return raw.length;
    }

    @Override
    public void saveChanges() {
        // the raw bytes are final; there is nothing to update
    }
}
