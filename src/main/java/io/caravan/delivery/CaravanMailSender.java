// The sender behind each smtp: endpoint of routes/50-delivery.yaml: one SMTP transaction to the endpoint's host and port.
package io.caravan.delivery;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.apache.camel.component.mail.DefaultJavaMailSender;
import org.apache.camel.component.mail.MailAuthenticator;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPTransport;
import org.jboss.logging.Logger;

import javax.net.ssl.SSLException;
import java.io.IOException;
import java.util.Optional;
import java.util.Properties;

/**
 * Camel's own sender, configured by Camel from the endpoint like any other (host, port, user,
 * JavaMail properties; see {@link CaravanMailConfiguration}), with the transaction done Caravan's
 * way: it reuses a connection a previous copy left open to the same host and port (see
 * {@link SmtpConnectionPool}, and opens a new one if that turns out to be gone before DATA), tells
 * the {@link OutboundMessage} which extensions the host announced in EHLO (SIZE, DSN, 8BITMIME), sends
 * it to the envelope recipients and keeps the final reply verbatim (in UTF-8 if the host sent
 * UTF-8, which Jakarta Mail itself would read as ISO-8859-1: {@link ReplyText}). A message larger than the
 * host's announced SIZE limit is not sent at all, not even MAIL FROM ({@link MessageTooBig}); the
 * connection stays usable for the next copy. Camel's default would call
 * {@code saveChanges()}, connect anew each time and never show the EHLO reply.
 *
 * <p>STARTTLS is used whenever offered and {@code mail.smtp.starttls.enable} is on (the default
 * Caravan gives its smtp component), without certificate checks (opportunistic, RFC 3207 §4.1:
 * anything is better than plaintext); if that handshake fails the same host is tried once in
 * plaintext, as Postfix does, rather than deferring mail a host would take. Sessions with UTF-8
 * commands and the SMTPUTF8 parameter are used only for messages with internationalised addresses
 * (RFC 6531).
 */
public class CaravanMailSender extends DefaultJavaMailSender {

    private static final Logger LOG = Logger.getLogger(CaravanMailSender.class);

    private final SmtpConnectionPool pool;
    /** Sessions derived from the endpoint's properties; rebuilt when they change. */
    private volatile Sessions sessions;

    private record Sessions(Session tls, Session plaintext, Session tlsUtf8, Session plaintextUtf8) {
    }

    public CaravanMailSender(SmtpConnectionPool pool) {
        this.pool = pool;
    }

    @Override
    public void setJavaMailProperties(Properties javaMailProperties) {
        super.setJavaMailProperties(javaMailProperties);
        sessions = null;
    }

    @Override
    public void addAdditionalJavaMailProperty(String key, String value) {
        super.addAdditionalJavaMailProperty(key, value);
        sessions = null;
    }

    @Override
    public void setSession(Session session) {
        super.setSession(session);
        sessions = null;
    }

    @Override
    public void setAuthenticator(MailAuthenticator authenticator) {
        super.setAuthenticator(authenticator);
        sessions = null;
    }

    @Override
    public void send(MimeMessage mimeMessage) throws MessagingException {
        if (!(mimeMessage instanceof OutboundMessage message)) {
            throw new MessagingException("Caravan's smtp endpoints send queued messages only, not " + mimeMessage.getClass().getName());
        }
        String key = getHost() + ":" + getPort() + (message.needsSmtpUtf8() ? "/utf8" : "");
        Optional<SmtpConnectionPool.Idle> reused = pool.take(key);
        if (reused.isPresent()) {
            try {
                transact(key, reused.get().transport(), reused.get().transactions(), reused.get().tls(), message);
                return;
            } catch (MessagingException e) {
                if (message.dataStarted() || !sessionLost(e)) {
                    throw e;
                }
                LOG.debugf("Reused connection to %s:%d was gone (%s); opening a new one", getHost(), getPort(), e.getMessage());
            }
        }
        SMTPTransport fresh = connect(message.needsSmtpUtf8());
        transact(key, fresh, 0, TlsRecorder.negotiated(), message);
    }

    /**
     * One SMTP transaction on a connected transport, which goes back to the pool only if it succeeded
     * or was never begun.
     */
    private void transact(String key, SMTPTransport transport, int transactions, String tls, OutboundMessage message)
            throws MessagingException {
        int reusable = -1; // transactions done on the connection once it may be reused; -1: close it
        message.tls(tls);
        try {
            if (message.needsSmtpUtf8() && !transport.supportsExtension("SMTPUTF8")) {
                throw new SmtpUtf8Unsupported(getHost() + ":" + getPort());
            }
            long limit = sizeLimit(transport.getExtensionParameter("SIZE"));
            if (limit > 0 && message.size() > limit) {
                reusable = transactions; // nothing was said: the session is as it was
                throw new MessageTooBig(message.size(), limit);
            }
            message.negotiated(transport.supportsExtension("DSN"), transport.supportsExtension("8BITMIME"),
                    transport.supportsExtension("SIZE"));
            transport.sendMessage(message, message.getAllRecipients());
            message.accepted(ReplyText.asSent(transport.getLastServerResponse()));
            reusable = transactions + 1;
        } finally {
            if (reusable >= 0) {
                pool.giveBack(key, transport, reusable, tls);
            } else {
                SmtpConnectionPool.close(transport); // after any failure the session state is unknown
            }
        }
    }

    /**
     * The largest message the host takes, from the parameter of its EHLO SIZE line (RFC 1870 §4);
     * 0 when it announced none, no number or 0 (no fixed limit).
     */
    static long sizeLimit(String announced) {
        if (announced == null || !announced.strip().matches("[0-9]{1,18}")) {
            return 0;
        }
        return Long.parseLong(announced.strip());
    }

    private SMTPTransport connect(boolean utf8) throws MessagingException {
        Sessions s = sessions();
        Session first = utf8 ? s.tlsUtf8() : s.tls();
        SMTPTransport tls = (SMTPTransport) first.getTransport("smtp");
        TlsRecorder.forget();
        try {
            tls.connect(getHost(), getPort(), getUsername(), getPassword());
            return tls;
        } catch (MessagingException e) {
            if (!isTlsFailure(e) || !Boolean.parseBoolean(first.getProperty("mail.smtp.starttls.enable"))) {
                throw e;
            }
            LOG.infof("STARTTLS with %s:%d failed (%s); trying again without TLS", getHost(), getPort(), e.getMessage());
        }
        TlsRecorder.forget();
        SMTPTransport clear = (SMTPTransport) (utf8 ? s.plaintextUtf8() : s.plaintext()).getTransport("smtp");
        clear.connect(getHost(), getPort(), getUsername(), getPassword());
        return clear;
    }

    /**
     * The endpoint's session, and its variants without STARTTLS and with UTF-8, made once per change of settings. Made
     * under a lock: every delivery consumer starts at once with the first mail, and each Session reads the provider
     * files of every jar (about 24 MB allocated per Session in a profile): unguarded, twenty consumers built eighty.
     */
    private synchronized Sessions sessions() {
        Sessions s = sessions;
        if (s == null) {
            Session endpoint = getSession(); // Camel's: built from the endpoint's properties and authenticator
            Properties tls = (Properties) endpoint.getProperties().clone();
            tls.put("mail.smtp.ssl.socketFactory", new TlsRecorder()); // what STARTTLS negotiated, for the tracking log
            Properties plain = (Properties) endpoint.getProperties().clone();
            plain.setProperty("mail.smtp.starttls.enable", "false");
            s = new Sessions(Session.getInstance(tls, getAuthenticator()), Session.getInstance(plain, getAuthenticator()),
                    Session.getInstance(withUtf8(tls), getAuthenticator()),
                    Session.getInstance(withUtf8(plain), getAuthenticator()));
            sessions = s;
        }
        return s;
    }

    private static Properties withUtf8(Properties base) {
        Properties p = (Properties) base.clone();
        p.setProperty("mail.mime.allowutf8", "true");
        return p;
    }

    /**
     * The session died under us (end of stream, 421, an I/O error) rather than the next hop judging
     * this message. Before DATA nothing has been handed over, so another connection may be tried at once.
     */
    static boolean sessionLost(MessagingException e) {
        if (e instanceof SMTPSendFailedException f && (f.getReturnCode() == -1 || f.getReturnCode() == 421)) {
            return true;
        }
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof IOException || t instanceof MessagingException m && m.getNextException() instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    private static boolean isTlsFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SSLException) {
                return true;
            }
            if (t instanceof MessagingException m && m.getNextException() instanceof SSLException) {
                return true;
            }
        }
        return false;
    }

    /**
     * The message is larger than the limit the host announced with SIZE in EHLO (RFC 1870 §6): a
     * permanent failure, decided before MAIL FROM, so the message is never sent to be refused at its end.
     */
    static final class MessageTooBig extends MessagingException {

        private final long size;
        private final long limit;

        MessageTooBig(long size, long limit) {
            super("Message size " + size + " exceeds the announced limit of " + limit + " bytes");
            this.size = size;
            this.limit = limit;
        }

        long size() {
            return size;
        }

        long limit() {
            return limit;
        }
    }

    /** The envelope has a non-ASCII address and the next hop cannot take it (RFC 6531 §3.2): a permanent failure. */
    static final class SmtpUtf8Unsupported extends MessagingException {
        SmtpUtf8Unsupported(String host) {
            super(host + " does not support SMTPUTF8, which this message's internationalised addresses need");
        }
    }
}
