// The DSN parameters of RFC 3461 a client gave: RET and ENVID for the message, NOTIFY and ORCPT per recipient.
package io.caravan.mail;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Kept as the client sent them (ENVID and ORCPT stay xtext-encoded), so they can be passed on to a
 * next hop that speaks DSN and quoted in our own reports. Absent NOTIFY means our default: report
 * failures and delays.
 */
public record DsnParameters(String ret, String envId, Map<String, RecipientDsn> recipients) {

    public static final DsnParameters NONE = new DsnParameters(null, null, Map.of());

    /** NOTIFY (e.g. "SUCCESS,FAILURE" or "NEVER") and ORCPT (e.g. "rfc822;bob@example.org"); either may be null. */
    public record RecipientDsn(String notifyOn, String orcpt) {
    }

    public DsnParameters {
        recipients = Map.copyOf(recipients);
    }

    public boolean isEmpty() {
        return ret == null && envId == null && recipients.isEmpty();
    }

    public boolean returnFullMessage() {
        return "FULL".equalsIgnoreCase(ret);
    }

    public RecipientDsn of(MailAddress rcpt) {
        return recipients.getOrDefault(rcpt.address(), new RecipientDsn(null, null));
    }

    public boolean wantsFailureReport(MailAddress rcpt) {
        return notifies(rcpt, "FAILURE", true);
    }

    public boolean wantsDelayReport(MailAddress rcpt) {
        return notifies(rcpt, "DELAY", true);
    }

    public boolean wantsSuccessReport(MailAddress rcpt) {
        return notifies(rcpt, "SUCCESS", false);
    }

    private boolean notifies(MailAddress rcpt, String keyword, boolean byDefault) {
        String notify = of(rcpt).notifyOn();
        if (notify == null) {
            return byDefault;
        }
        return ("," + notify.toUpperCase(Locale.ROOT) + ",").contains("," + keyword + ",");
    }

    /** A copy with the given recipient's parameters added. */
    public DsnParameters with(MailAddress rcpt, RecipientDsn dsn) {
        Map<String, RecipientDsn> m = new LinkedHashMap<>(recipients);
        m.put(rcpt.address(), dsn);
        return new DsnParameters(ret, envId, m);
    }

    void writeTo(Map<String, Object> headers) {
        if (ret != null) {
            headers.put(CaravanHeaders.DSN_RET, ret);
        }
        if (envId != null) {
            headers.put(CaravanHeaders.DSN_ENVID, envId);
        }
        if (!recipients.isEmpty()) {
            StringBuilder sb = new StringBuilder();
            recipients.forEach((addr, d) -> sb.append(sb.length() == 0 ? "" : "\n").append(addr).append('\t')
                    .append(d.notifyOn() == null ? "" : d.notifyOn()).append('\t').append(d.orcpt() == null ? "" : d.orcpt()));
            headers.put(CaravanHeaders.DSN_RECIPIENTS, sb.toString());
        }
    }

    static DsnParameters readFrom(Map<String, Object> headers) {
        Object ret = headers.get(CaravanHeaders.DSN_RET);
        Object envId = headers.get(CaravanHeaders.DSN_ENVID);
        Object rcpts = headers.get(CaravanHeaders.DSN_RECIPIENTS);
        if (ret == null && envId == null && rcpts == null) {
            return NONE;
        }
        Map<String, RecipientDsn> m = new LinkedHashMap<>();
        if (rcpts != null) {
            for (String line : rcpts.toString().split("\n")) {
                String[] f = line.split("\t", -1);
                if (f.length == 3) {
                    m.put(f[0], new RecipientDsn(f[1].isEmpty() ? null : f[1], f[2].isEmpty() ? null : f[2]));
                }
            }
        }
        return new DsnParameters(ret == null ? null : ret.toString(), envId == null ? null : envId.toString(), m);
    }
}
