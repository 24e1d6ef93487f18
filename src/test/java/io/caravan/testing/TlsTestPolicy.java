// Applies Caravan's process-wide TLS policy before the first test, as the server does before its first listener.
package io.caravan.testing;

import io.caravan.receive.tls.TlsProtocols;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * The JDK reads {@link TlsProtocols#REJECT_CLIENT_RENEGOTIATION} once, at the first server-side
 * handshake in the JVM. Tests share one JVM, and a test server (RecordingSmtpServer with STARTTLS,
 * TlsMaterialHandshakeTest) may shake hands before Caravan starts; calling the server's own policy
 * first keeps the result independent of test order. Registered in META-INF/services.
 */
public final class TlsTestPolicy implements LauncherSessionListener {

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        TlsProtocols.rejectClientRenegotiation();
    }
}
