// The socket factory of outbound STARTTLS: trusts any certificate (opportunistic TLS) and remembers what was negotiated.
package io.caravan.delivery;

import org.eclipse.angus.mail.util.MailSSLSocketFactory;

import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;

/**
 * Jakarta Mail keeps its socket to itself, so the TLS facts of a delivery (protocol and cipher, for the
 * tracking log's {@code tlsOut}) are read here: given as {@code mail.smtp.ssl.socketFactory}, this
 * factory makes the socket STARTTLS upgrades to and keeps the last one per thread; the sender, which
 * connects on that same thread, asks for it right after {@code connect}. Certificates are not
 * checked, as before (mail.smtp.ssl.trust "*"): anything is better than plaintext (RFC 3207 §4.1).
 */
final class TlsRecorder extends SSLSocketFactory {

    private static final ThreadLocal<SSLSocket> LAST = new ThreadLocal<>();

    private final SSLSocketFactory trustAll;

    TlsRecorder() {
        try {
            MailSSLSocketFactory f = new MailSSLSocketFactory();
            f.setTrustAllHosts(true);
            this.trustAll = f;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no TLS for outbound SMTP: " + e.getMessage(), e);
        }
    }

    /** Forgets what this thread negotiated before: called before each connect. */
    static void forget() {
        LAST.remove();
    }

    /** "TLSv1.3 TLS_AES_256_GCM_SHA384" for the socket this thread upgraded since {@link #forget}, else empty. */
    static String negotiated() {
        SSLSocket s = LAST.get();
        LAST.remove();
        if (s == null || s.getSession() == null || "NONE".equals(s.getSession().getProtocol())) {
            return "";
        }
        return s.getSession().getProtocol() + " " + s.getSession().getCipherSuite();
    }

    private Socket kept(Socket s) {
        if (s instanceof SSLSocket ssl) {
            LAST.set(ssl);
        }
        return s;
    }

    @Override
    public Socket createSocket(Socket socket, String host, int port, boolean autoClose) throws IOException {
        return kept(trustAll.createSocket(socket, host, port, autoClose));
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return kept(trustAll.createSocket(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return kept(trustAll.createSocket(host, port, localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return kept(trustAll.createSocket(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        return kept(trustAll.createSocket(address, port, localAddress, localPort));
    }

    @Override
    public String[] getDefaultCipherSuites() {
        return trustAll.getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return trustAll.getSupportedCipherSuites();
    }
}
