// One mail transaction inside a session: MAIL FROM, its parameters, its queue id and the accepted RCPT TOs.
package io.caravan.receive;

import io.caravan.mail.CaravanHeaders;
import io.caravan.mail.DsnParameters;
import io.caravan.mail.MailAddress;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The queue id is given at MAIL, so the tracking lines of the agents that judge MAIL and RCPT carry
 * the id the message will have. What those agents decided travels with the transaction as an opaque
 * object ({@link CaravanHeaders#TRANSACTION_VERDICTS}) to the end of data.
 */
public final class SmtpTransaction {

    private final MailAddress sender;
    private final Map<String, String> parameters;
    private final String queueId;
    private final List<MailAddress> recipients = new ArrayList<>();
    private DsnParameters dsn;
    private Object verdicts;
    private String messageId = "";

    public SmtpTransaction(MailAddress sender, Map<String, String> parameters, String queueId) {
        this.sender = sender;
        this.parameters = Map.copyOf(parameters);
        this.queueId = queueId;
        String ret = parameters.get("RET");
        this.dsn = new DsnParameters(ret == null ? null : ret.toUpperCase(java.util.Locale.ROOT), parameters.get("ENVID"), Map.of());
    }

    /** RET and ENVID from MAIL, NOTIFY and ORCPT from each RCPT that had them. */
    public DsnParameters dsn() {
        return dsn;
    }

    public String queueId() {
        return queueId;
    }

    /** What the agents decided at MAIL and RCPT so far, or null: the receive connector carries it without reading it. */
    public Object verdicts() {
        return verdicts;
    }

    public void verdicts(Object decided) {
        this.verdicts = decided;
    }

    /** The Message-ID of the message, once its data has ended (empty before, or when it has none). */
    public String messageId() {
        return messageId;
    }

    public void messageId(String id) {
        this.messageId = id;
    }

    public MailAddress sender() {
        return sender;
    }

    public Map<String, String> parameters() {
        return parameters;
    }

    public String bodyType() {
        return parameters.getOrDefault("BODY", "7BIT").toUpperCase(java.util.Locale.ROOT);
    }

    public boolean smtpUtf8() {
        return parameters.containsKey("SMTPUTF8");
    }

    public List<MailAddress> recipients() {
        return recipients;
    }

    /** Adds a recipient once; a repeated RCPT TO for the same address is acknowledged but not doubled. */
    public void addRecipient(MailAddress rcpt, String notify, String orcpt) {
        if (!recipients.contains(rcpt)) {
            recipients.add(rcpt);
            if (notify != null || orcpt != null) {
                dsn = dsn.with(rcpt, new DsnParameters.RecipientDsn(notify == null ? null : notify.toUpperCase(java.util.Locale.ROOT), orcpt));
            }
        }
    }
}
