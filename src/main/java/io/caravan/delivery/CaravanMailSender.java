// The JavaMailSender behind Camel Mail's smtp: endpoints: one SMTP transaction with what the next hop announced.
package io.caravan.delivery;

import io.caravan.config.ServerIdentity;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.apache.camel.component.mail.JavaMailSender;
import org.apache.camel.component.mail.MailAuthenticator;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPTransport;
import org.jboss.logging.Logger;

import javax.net.ssl.SSLException;
import java.io.IOException;
import java.util.Optional;
import java.util.Properties;

/**
 * Camel Mail's default sender connects, calls {@code saveChanges()} and sends, with no way to see
 * the EHLO reply. This one (endpoint option {@code javaMailSender=#caravanMailSender}) connects to
 * the host the {@link OutboundMessage} is for (or reuses a connection a previous copy left open,
 * see {@link SmtpConnectionPool}, and opens a new one if that turns out to be gone before DATA),
 * tells the message which extensions the next hop announced (DSN, 8BITMIME), sends it to the
 * envelope recipients and keeps the final reply verbatim.
 * STARTTLS is used whenever offered, without certificate checks (opportunistic, RFC 3207 §4.1:
 * anything is better than plaintext); if that handshake fails the same host is tried once in
 * plaintext, as Postfix does, rather than deferring mail a host would take.
 */
@Singleton
@Named("caravanMailSender")
public class CaravanMailSender implements JavaMailSender {

    private static final Logger LOG = Logger.getLogger(CaravanMailSender.class);

    private final Session opportunisticTls;
    private final Session plaintext;
    private final Session opportunisticTlsUtf8;
    private final Session plaintextUtf8;
    private final SmtpConnectionPool pool;

    public CaravanMailSender(ServerIdentity identity, DeliveryConfig config, SmtpConnectionPool pool) {
        this.pool = pool;
        Properties p = new Properties();
        p.setProperty("mail.smtp.localhost", identity.hostname());
        p.setProperty("mail.smtp.sendpartial", "true");
        p.setProperty("mail.smtp.connectiontimeout", Long.toString(config.connectTimeout().toMillis()));
        p.setProperty("mail.smtp.timeout", Long.toString(config.replyTimeout().toMillis()));
        p.setProperty("mail.smtp.writetimeout", Long.toString(config.replyTimeout().toMillis()));
        Properties tls = (Properties) p.clone();
        tls.setProperty("mail.smtp.starttls.enable", "true");
        tls.setProperty("mail.smtp.ssl.trust", "*");
        tls.setProperty("mail.smtp.ssl.checkserveridentity", "false");
        tls.setProperty("mail.smtp.ssl.protocols", "TLSv1.2 TLSv1.3");
        this.plaintext = Session.getInstance(p);
        this.opportunisticTls = Session.getInstance(tls);
        // UTF-8 commands and the SMTPUTF8 parameter, only for messages with internationalised addresses (RFC 6531)
        this.plaintextUtf8 = Session.getInstance(withUtf8(p));
        this.opportunisticTlsUtf8 = Session.getInstance(withUtf8(tls));
    }

    private static Properties withUtf8(Properties base) {
        Properties p = (Properties) base.clone();
        p.setProperty("mail.mime.allowutf8", "true");
        return p;
    }

    @Override
    public void send(MimeMessage mimeMessage) throws MessagingException {
        if (!(mimeMessage instanceof OutboundMessage message)) {
            throw new MessagingException("caravanMailSender sends queued messages only, not " + mimeMessage.getClass().getName());
        }
        String key = message.target().address().getHostAddress() + ":" + message.target().port() + (message.needsSmtpUtf8() ? "/utf8" : "");
        Optional<SmtpConnectionPool.Idle> reused = pool.take(key);
        if (reused.isPresent()) {
            try {
                transact(key, reused.get().transport(), reused.get().transactions(), message);
                return;
            } catch (MessagingException e) {
                if (message.dataStarted() || !sessionLost(e)) {
                    throw e;
                }
                LOG.debugf("Reused connection to %s was gone (%s); opening a new one", message.target(), e.getMessage());
            }
        }
        transact(key, connect(message), 0, message);
    }

    /** One SMTP transaction on a connected transport, which goes back to the pool only if it succeeded. */
    private void transact(String key, SMTPTransport transport, int transactions, OutboundMessage message) throws MessagingException {
        boolean sent = false;
        try {
            if (message.needsSmtpUtf8() && !transport.supportsExtension("SMTPUTF8")) {
                throw new SmtpUtf8Unsupported(message.target().toString());
            }
            message.negotiated(transport.supportsExtension("DSN"), transport.supportsExtension("8BITMIME"));
            transport.sendMessage(message, message.getAllRecipients());
            message.lastServerResponse(transport.getLastServerResponse());
            sent = true;
        } finally {
            if (sent) {
                pool.giveBack(key, transport, transactions + 1);
            } else {
                SmtpConnectionPool.close(transport); // after any failure the session state is unknown
            }
        }
    }

    private SMTPTransport connect(OutboundMessage message) throws MessagingException {
        String host = message.target().address().getHostAddress();
        int port = message.target().port();
        boolean utf8 = message.needsSmtpUtf8();
        SMTPTransport tls = (SMTPTransport) (utf8 ? opportunisticTlsUtf8 : opportunisticTls).getTransport("smtp");
        try {
            tls.connect(host, port, null, null);
            return tls;
        } catch (MessagingException e) {
            if (!isTlsFailure(e)) {
                throw e;
            }
            LOG.infof("STARTTLS with %s failed (%s); trying again without TLS", message.target(), e.getMessage());
        }
        SMTPTransport clear = (SMTPTransport) (utf8 ? plaintextUtf8 : plaintext).getTransport("smtp");
        clear.connect(host, port, null, null);
        return clear;
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

    /** The envelope has a non-ASCII address and the next hop cannot take it (RFC 6531 §3.2): a permanent failure. */
    static final class SmtpUtf8Unsupported extends MessagingException {
        SmtpUtf8Unsupported(String host) {
            super(host + " does not support SMTPUTF8, which this message's internationalised addresses need");
        }
    }

    // The rest of the interface configures Camel's default sender; this one is configured by Caravan.

    @Override
    public Properties getJavaMailProperties() {
        return opportunisticTls.getProperties();
    }

    @Override
    public void setJavaMailProperties(Properties javaMailProperties) {
        // configured from caravan.delivery.*
    }

    @Override
    public void addAdditionalJavaMailProperty(String key, String value) {
        // configured from caravan.delivery.*
    }

    @Override
    public void setHost(String host) {
        // each message names its own next-hop address
    }

    @Override
    public String getHost() {
        return null;
    }

    @Override
    public void setPort(int port) {
        // each message names its own next-hop address
    }

    @Override
    public int getPort() {
        return -1;
    }

    @Override
    public void setUsername(String username) {
        // no client authentication to next hops yet
    }

    @Override
    public String getUsername() {
        return null;
    }

    @Override
    public void setPassword(String password) {
        // no client authentication to next hops yet
    }

    @Override
    public String getPassword() {
        return null;
    }

    @Override
    public void setProtocol(String protocol) {
        // always smtp, with STARTTLS when offered
    }

    @Override
    public String getProtocol() {
        return "smtp";
    }

    @Override
    public void setSession(Session session) {
        // sessions are built from caravan.delivery.*
    }

    @Override
    public Session getSession() {
        return opportunisticTls;
    }

    @Override
    public void setAuthenticator(MailAuthenticator authenticator) {
        // no client authentication to next hops yet
    }

    @Override
    public MailAuthenticator getAuthenticator() {
        return null;
    }
}
