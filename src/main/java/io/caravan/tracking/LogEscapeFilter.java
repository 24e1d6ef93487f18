// Every log line Caravan writes is one line: what came from outside is escaped before any handler formats it.
package io.caravan.tracking;

import io.caravan.mail.LogText;
import io.quarkus.logging.LoggingFilter;

import java.time.temporal.TemporalAccessor;
import java.util.logging.Filter;
import java.util.logging.LogRecord;

/**
 * Installed on the console and the audit log ({@code quarkus.log.console.filter},
 * {@code quarkus.log.handler.file.audit.filter}), so no code path can forget it: a client's HELO
 * name, address, AUTH user name or command, or a DNS explanation, can end neither the line nor the
 * quoted field it is in (see {@link LogText}). Caravan's own log calls pass such values as parameters,
 * which are escaped; other categories (a YAML {@code log:} step, libraries) build their message
 * themselves, so the whole message is escaped there. A stack trace is printed as it is. The tracking
 * log needs no filter: its lines are JSON ({@link TrackingJson}), escaped by the encoder.
 */
@LoggingFilter(name = LogEscapeFilter.NAME)
public final class LogEscapeFilter implements Filter {

    public static final String NAME = "caravan-escape";

    @Override
    public boolean isLoggable(LogRecord record) {
        Object[] parameters = record.getParameters();
        if (parameters != null && parameters.length > 0) {
            Object[] escaped = parameters.clone();
            for (int i = 0; i < escaped.length; i++) {
                Object p = escaped[i];
                if (p != null && !(p instanceof Number) && !(p instanceof Boolean) && !(p instanceof TemporalAccessor)
                        && !(p instanceof Throwable)) {
                    escaped[i] = LogText.escape(p.toString());
                }
            }
            record.setParameters(escaped);
        } else if (record.getMessage() != null && !isOurs(record.getLoggerName())) {
            record.setMessage(LogText.escape(record.getMessage()));
        }
        return true;
    }

    /** Our categories write their messages as formats with parameters; a format is our own text. */
    private static boolean isOurs(String category) {
        return category != null && (category.startsWith("io.caravan.") || category.startsWith("caravan."));
    }
}
