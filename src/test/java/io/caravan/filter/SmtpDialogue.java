// Test fixture: the exchanges one SMTP session hands to the MAIL and RCPT filter routes, sharing its attributes and carried verdicts.
package io.caravan.filter;

import io.caravan.check.AgentFixture;
import io.caravan.mail.CaravanHeaders;
import io.caravan.mail.ClientTrust;
import io.caravan.mail.SmtpPhase;
import io.caravan.mail.SmtpReply;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Like SmtpServer: one map of session attributes for the connection, the verdicts of one transaction passed along. */
public final class SmtpDialogue {

    private final String clientIp;
    private final ClientTrust trust;
    private final Map<String, Object> session = new ConcurrentHashMap<>();
    private String sender = "sender@remote.example";
    private Object verdicts;

    public SmtpDialogue(String clientIp, ClientTrust trust) {
        this.clientIp = clientIp;
        this.trust = trust;
    }

    public Map<String, Object> session() {
        return session;
    }

    /** Runs the agents of route 20-filter-mail for MAIL FROM:&lt;sender&gt;; a new transaction. */
    public Exchange mail(String from, Processor... agents) throws Exception {
        sender = from;
        verdicts = null;
        return run(SmtpPhase.MAIL, null, agents);
    }

    /** Runs the agents of route 20-filter-rcpt for RCPT TO:&lt;rcpt&gt;. */
    public Exchange rcpt(String rcpt, Processor... agents) throws Exception {
        return run(SmtpPhase.RCPT, rcpt, agents);
    }

    /** The reply a route chose, or null for 250. */
    public static SmtpReply reply(Exchange e) {
        return e.getIn().getHeader(CaravanHeaders.SMTP_REPLY, SmtpReply.class);
    }

    /** The end-of-data exchange of the transaction, with what MAIL and RCPT left. */
    public Exchange data(String message) {
        Exchange e = AgentFixture.exchange(message, sender, clientIp, "client.example.org", trust);
        e.setProperty(CaravanHeaders.SESSION_ATTRIBUTES, session);
        if (verdicts != null) {
            e.setProperty(CaravanHeaders.TRANSACTION_VERDICTS, verdicts);
        }
        return e;
    }

    private Exchange run(SmtpPhase phase, String rcpt, Processor... agents) throws Exception {
        Exchange e = data("");
        e.getIn().setHeader(CaravanHeaders.SMTP_PHASE, phase.wire());
        if (rcpt != null) {
            e.getIn().setHeader(CaravanHeaders.RCPT_TO, rcpt);
        }
        for (Processor agent : agents) {
            agent.process(e);
        }
        verdicts = e.getProperty(CaravanHeaders.TRANSACTION_VERDICTS);
        return e;
    }
}
