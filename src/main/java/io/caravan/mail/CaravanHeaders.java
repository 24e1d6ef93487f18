// Names of the Camel headers (and so JMS properties) that carry the envelope and state between stages.
package io.caravan.mail;

/**
 * The shared vocabulary of the routes. Each name is a valid JMS property identifier, so the same
 * header survives the hop through a durable queue; each value is a String, Long or Integer.
 * In YAML: {@code ${header.CaravanNextHop}}.
 */
public final class CaravanHeaders {

    /** String: the queue id given at receipt, also the Artemis duplicate-detection id. */
    public static final String QUEUE_ID = "CaravanQueueId";
    /** String: MAIL FROM address without brackets; empty for the null sender. */
    public static final String MAIL_FROM = "CaravanMailFrom";
    /** String: RCPT TO addresses of this copy, one per line. */
    public static final String RECIPIENTS = "CaravanRecipients";
    /** String: the Message-ID header field's value without angle brackets (absent when the message has none), for tracking. */
    public static final String MESSAGE_ID = "CaravanMessageId";
    /** String: BODY parameter of MAIL FROM (7BIT or 8BITMIME). */
    public static final String BODY_TYPE = "CaravanBodyType";
    /** String: name of the receive connector that accepted the message. */
    public static final String RECEIVE_CONNECTOR = "CaravanReceiveConnector";
    /** String: IP address of the SMTP client. */
    public static final String CLIENT_IP = "CaravanClientIp";
    /** String: HELO/EHLO name the client gave. */
    public static final String HELO = "CaravanHelo";
    /** String: how far we trust the client, a {@link ClientTrust} in wire form: "authenticated", "relay" or "anonymous". */
    public static final String CLIENT_TRUST = "CaravanClientTrust";
    /** String: the user the client authenticated as, when it did. */
    public static final String AUTHENTICATED_USER = "CaravanAuthenticatedUser";
    /** Long: arrival time, epoch milliseconds. */
    public static final String ARRIVAL = "CaravanArrival";
    /** Long: time after which delivery is given up, epoch milliseconds. */
    public static final String EXPIRY = "CaravanExpiry";
    /** Integer: delivery attempts made so far. */
    public static final String ATTEMPTS = "CaravanAttempts";
    /** Long: size of the queued message in bytes. */
    public static final String SIZE = "CaravanSize";
    /** String: send connector chosen by the categorizer. */
    public static final String SEND_CONNECTOR = "CaravanSendConnector";
    /** String: next hop (a domain for MX delivery, the connector name for smarthosts and maildir). */
    public static final String NEXT_HOP = "CaravanNextHop";
    /** String: the last SMTP reply or failure seen for this copy, for the queue viewer and bounces. */
    public static final String LAST_REPLY = "CaravanLastReply";
    /** String: the host that gave LAST_REPLY (e.g. "mx1.example.org[192.0.2.1]:25"), empty for local failures. */
    public static final String LAST_HOST = "CaravanLastHost";
    /** Boolean: LAST_REPLY is the remote server's own reply (a DSN quotes it as "smtp;"), not Caravan's account. */
    public static final String LAST_REPLY_REMOTE = "CaravanLastReplyRemote";
    /** Long: time of the last delivery attempt, epoch milliseconds. */
    public static final String LAST_ATTEMPT = "CaravanLastAttempt";
    /** String: what a stage decided for a follow-up copy: deliver, retry, bounce (failed), delay or success (reports). */
    public static final String DISPOSITION = "CaravanDisposition";

    /** String: RET of RFC 3461 (FULL or HDRS), when the client gave it. */
    public static final String DSN_RET = "CaravanDsnRet";
    /** String: ENVID of RFC 3461, xtext as the client gave it. */
    public static final String DSN_ENVID = "CaravanDsnEnvId";
    /** String: per recipient "address TAB NOTIFY TAB ORCPT", one per line, for recipients that had DSN parameters. */
    public static final String DSN_RECIPIENTS = "CaravanDsnRecipients";
    /** Boolean: a delay notice was already sent for the recipients of this copy. */
    public static final String DELAY_NOTIFIED = "CaravanDelayNotified";

    /** SmtpReply (not carried over JMS): the reply a receive stage chose instead of 250. */
    public static final String SMTP_REPLY = "CaravanSmtpReply";

    /** String ({@link SmtpPhase#wire()}): the command a filter route is asked about, "mail" or "rcpt"; absent at end of data. */
    public static final String SMTP_PHASE = "CaravanSmtpPhase";
    /** String: in the RCPT filter route, the recipient asked about (not yet among RECIPIENTS). */
    public static final String RCPT_TO = "CaravanRcptTo";
    /**
     * Long (not carried over JMS): milliseconds the session waits before it sends a filter route's reply to MAIL or
     * RCPT, without holding a thread (the recipient filter slows a client that harvests addresses).
     */
    public static final String REPLY_DELAY = "CaravanReplyDelay";
    /**
     * Exchange property, a {@code Map<String, Object>} that lives as long as the SMTP connection: what agents keep
     * per session (the connection filter's answer about the client, the count of unknown recipients).
     */
    public static final String SESSION_ATTRIBUTES = "CaravanSessionAttributes";
    /**
     * Exchange property: what the agents decided at MAIL and RCPT (an object of io.caravan.check the receive connector
     * only carries): kept by the SMTP transaction and handed to its end-of-data route, so the verdicts' header
     * fields land on the message and a hold chosen at MAIL holds it.
     */
    public static final String TRANSACTION_VERDICTS = "CaravanTransactionVerdicts";

    /**
     * Exchange property: where the message goes instead of the submission queue, "quarantine" or "delete", once an
     * agent chose it (at end of data, or at MAIL or RCPT: see {@link CarriedHold}); routes/10-receive.yaml branches on it.
     */
    public static final String HOLD = "CaravanHold";

    /**
     * Exchange property (not a header, never on a queue): the delivery stage's typed state of the copy
     * being delivered (DeliveryAttempt, in the delivery package): its envelope, read once, its send connector,
     * found once, and the outcomes so far. Set by the first step of routes/50-delivery.yaml.
     */
    public static final String ATTEMPT = "CaravanAttempt";
    /** Exchange property, String: the address of the host being tried, as an smtp: URI host (IPv6 in brackets). */
    public static final String TARGET_ADDRESS = "CaravanTargetAddress";
    /** Exchange property, Integer: the port of the host being tried. */
    public static final String TARGET_PORT = "CaravanTargetPort";

    /** On a copy in caravan.poison: why, e.g. "failed 5 times in caravan.submission: ..." (queue/StageFailures). */
    public static final String POISON_REASON = "CaravanPoisonReason";

    /** Artemis duplicate detection: a second send with the same id is dropped by the broker. */
    public static final String DUPLICATE_ID = "_AMQ_DUPL_ID";
    /** Artemis scheduled delivery: epoch milliseconds before which the copy is not delivered. */
    public static final String SCHEDULED_DELIVERY = "_AMQ_SCHED_DELIVERY";

    private CaravanHeaders() {
    }
}
