// The queued bytes as a Jakarta Mail message that Jakarta Mail cannot rewrite, sent to the envelope recipients.
package io.caravan.delivery;

import io.caravan.mail.RawMessage;
import io.caravan.mail.DsnParameters;
import io.caravan.mail.Envelope;
import io.caravan.mail.MailAddress;
import jakarta.mail.Address;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import org.eclipse.angus.mail.smtp.SMTPMessage;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Properties;
import java.util.function.Consumer;

/**
 * Bytes are sacred (DESIGN.md invariant 3). Camel Mail's sender calls {@code saveChanges()}, adds a
 * Date when none is set, and Jakarta Mail's transport writes the message minus any Bcc and
 * Content-Length lines, re-folding what it touched. This message therefore holds the raw bytes
 * and writes exactly them; nothing Jakarta Mail sets on it reaches the wire. The envelope comes
 * from SMTP (invariant 4): {@link #getAllRecipients()} is RCPT TO, never the header fields.
 *
 * <p>What the next hop announced in EHLO is told by {@link CaravanMailSender} before MAIL FROM
 * ({@link #negotiated}): SIZE= (RFC 1870) goes only to a next hop that speaks SIZE, DSN
 * parameters (RFC 3461) only to one that speaks DSN, and BODY=8BITMIME only to one that speaks
 * 8BITMIME. SIZE, RET, ENVID and BODY ride in the mail extension; each recipient's NOTIFY and ORCPT in its own RCPT TO, because Jakarta Mail knows one
 * NOTIFY per message and no ORCPT at all.
 */
final class OutboundMessage extends SMTPMessage {

    private static final Session PARSE_ONLY = Session.getInstance(new Properties());

    private final RawMessage raw;
    private final boolean eightBit;
    private final DsnParameters dsn;
    private final Address[] recipients;
    private boolean dsnOffered;
    private boolean eightBitOffered;
    private boolean sizeOffered;
    private String lastServerResponse;
    private volatile String tls = "";
    private Consumer<String> onAccepted = reply -> { };
    private boolean dataStarted;

    OutboundMessage(RawMessage raw, Envelope envelope, List<MailAddress> rcpts) {
        super(PARSE_ONLY);
        this.raw = raw;
        this.dsn = envelope.dsn();
        this.eightBit = "8BITMIME".equals(envelope.bodyType());
        setEnvelopeFrom(envelope.mailFrom().isNullSender() ? "<>" : envelope.mailFrom().address());
        this.recipients = rcpts.stream().map(EnvelopeRecipient::new).toArray(Address[]::new);
    }

    /** An internationalised address in the envelope needs a next hop that speaks SMTPUTF8. */
    boolean needsSmtpUtf8() {
        for (Address a : recipients) {
            if (!isAscii(((EnvelopeRecipient) a).mailbox().address())) {
                return true;
            }
        }
        return !isAscii(getEnvelopeFrom());
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /** Called once connected, with what the next hop announced in its EHLO reply. */
    void negotiated(boolean dsnSupported, boolean eightBitSupported, boolean sizeSupported) {
        this.dsnOffered = dsnSupported;
        this.eightBitOffered = eightBitSupported;
        this.sizeOffered = sizeSupported;
    }

    /** The size of the message in octets, as announced with SIZE= (RFC 1870 §3: the queued bytes, before dot-stuffing). */
    long size() {
        return raw.size();
    }

    /** True when the next hop speaks DSN, so it took our DSN request over. */
    boolean dsnPassedOn() {
        return dsnOffered;
    }

    /** What to do the moment the next hop accepts the message, with its reply (see {@link DeliveredLedger}). */
    void onAccepted(Consumer<String> action) {
        this.onAccepted = action;
    }

    /** Called by the sender as soon as the next hop has answered the end of data with 2xx for every recipient. */
    void accepted(String response) {
        this.lastServerResponse = response;
        onAccepted.accept(response);
    }

    /** Set by the sender before the transaction: the TLS protocol and cipher of its connection, empty for plaintext. */
    void tls(String negotiated) {
        this.tls = negotiated == null ? "" : negotiated;
    }

    String tls() {
        return tls;
    }

    /** The next hop's reply to the end of data, verbatim, once sent. */
    String lastServerResponse() {
        return lastServerResponse;
    }

    @Override
    public String getMailExtension() {
        StringBuilder ext = new StringBuilder();
        if (sizeOffered) {
            ext.append("SIZE=").append(size());
        }
        if (eightBit && eightBitOffered) {
            ext.append(ext.length() == 0 ? "" : " ").append("BODY=8BITMIME");
        }
        if (dsnOffered && dsn.ret() != null) {
            ext.append(ext.length() == 0 ? "" : " ").append("RET=").append(dsn.ret());
        }
        if (dsnOffered && dsn.envId() != null) {
            ext.append(ext.length() == 0 ? "" : " ").append("ENVID=").append(dsn.envId());
        }
        return ext.length() == 0 ? null : ext.toString();
    }

    @Override
    public Address[] getAllRecipients() {
        return recipients.clone();
    }

    /** True once the message text has begun to go out after DATA: from then on a retry could duplicate it. */
    boolean dataStarted() {
        return dataStarted;
    }

    @Override
    public void writeTo(OutputStream os) throws IOException {
        dataStarted = true;
        raw.writeTo(os);
    }

    @Override
    public void writeTo(OutputStream os, String[] ignoreList) throws IOException {
        writeTo(os);
    }

    @Override
    public int getSize() {
        return (int) Math.min(Integer.MAX_VALUE, raw.size());
    }

    @Override
    public void saveChanges() {
        // the raw bytes are final; there is nothing to update
    }

    /** A RCPT TO path that carries its own NOTIFY and ORCPT once the next hop speaks DSN. */
    final class EnvelopeRecipient extends InternetAddress {

        private final MailAddress mailbox;

        EnvelopeRecipient(MailAddress mailbox) {
            this.mailbox = mailbox;
            super.setAddress(mailbox.address());
        }

        MailAddress mailbox() {
            return mailbox;
        }

        @Override
        public String getAddress() {
            DsnParameters.RecipientDsn d = dsn.of(mailbox);
            if (!dsnOffered || (d.notifyOn() == null && d.orcpt() == null)) {
                return mailbox.address();
            }
            StringBuilder path = new StringBuilder("<").append(mailbox.address()).append('>');
            if (d.notifyOn() != null) {
                path.append(" NOTIFY=").append(d.notifyOn());
            }
            if (d.orcpt() != null) {
                path.append(" ORCPT=").append(d.orcpt());
            }
            return path.toString();
        }

        @Override
        public boolean equals(Object o) {
            return o == this;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(this);
        }
    }
}
