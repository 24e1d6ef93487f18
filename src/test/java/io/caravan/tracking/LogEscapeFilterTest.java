package io.caravan.tracking;

import org.junit.jupiter.api.Test;

import java.util.logging.Level;
import java.util.logging.LogRecord;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogEscapeFilterTest {

    private final LogEscapeFilter filter = new LogEscapeFilter();

    private static LogRecord record(String category, String message, Object... parameters) {
        LogRecord r = new LogRecord(Level.WARNING, message);
        r.setLoggerName(category);
        r.setParameters(parameters.length == 0 ? null : parameters);
        return r;
    }

    @Test
    void aUserNameWithALineFeedStaysInItsLine() {
        LogRecord r = record("io.caravan.receive.auth.Authenticator", "AUTH failure for %s (user %s)", "192.0.2.1",
                "alice\n2026-12-04 18:00:00,000 ERROR [io.caravan] forged");
        assertTrue(filter.isLoggable(r));
        assertArrayEquals(new Object[] {"192.0.2.1", "alice\\x0a2026-12-04 18:00:00,000 ERROR [io.caravan] forged"}, r.getParameters());
    }

    @Test
    void numbersKeepTheirTypeForNumericFormats() {
        LogRecord r = record("caravan.tracking", "RECEIVED size=%d", 42L);
        filter.isLoggable(r);
        assertEquals(42L, r.getParameters()[0]);
    }

    @Test
    void aMessageBuiltOutsideCaravanIsEscapedWhole() {
        LogRecord r = record("10-receive", "Refused Q1 from 192.0.2.1: 550 5.7.1 Subject contains \"x\r\nforged\"");
        filter.isLoggable(r);
        assertEquals("Refused Q1 from 192.0.2.1: 550 5.7.1 Subject contains \"x\\x0d\\x0aforged\"", r.getMessage());
    }

    @Test
    void ourOwnMultiLineMessagesAreLeftAlone() {
        LogRecord r = record("io.caravan.config.StartupCheck", "Invalid configuration:\n  - a\n  - b");
        filter.isLoggable(r);
        assertEquals("Invalid configuration:\n  - a\n  - b", r.getMessage());
    }
}
