package io.caravan.delivery;

import jakarta.mail.Session;
import org.eclipse.angus.mail.smtp.SMTPTransport;
import org.junit.jupiter.api.Test;

import java.util.Properties;

import static org.junit.jupiter.api.Assertions.*;

class SmtpConnectionPoolTest {

    private static SMTPTransport transport() {
        return new SMTPTransport(Session.getInstance(new Properties()), null);
    }

    @Test
    void aReturnedConnectionIsTakenAgainUntilItHasBeenIdleTooLong() {
        SmtpConnectionPool pool = new SmtpConnectionPool();
        try {
            SMTPTransport t = transport();
            pool.giveBack("192.0.2.1:25", t, 1);
            assertSame(t, pool.take("192.0.2.1:25").orElseThrow().transport());
            assertTrue(pool.take("192.0.2.1:25").isEmpty(), "each connection is handed out once");
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void hostsWhoseConnectionsWereAllClosedAreForgotten() {
        SmtpConnectionPool pool = new SmtpConnectionPool();
        try {
            for (int i = 0; i < 100; i++) {
                pool.giveBack("192.0.2." + i + ":25", transport(), 1);
            }
            assertEquals(100, pool.hosts());
            pool.closeIdle(System.currentTimeMillis() + SmtpConnectionPool.IDLE_MILLIS);
            assertEquals(0, pool.hosts(), "an internet relay meets ever new hosts; their entries must not pile up");
            assertTrue(pool.take("192.0.2.1:25").isEmpty());
        } finally {
            pool.shutdown();
        }
    }
}
