// What one inspection agent concluded about a message: the one shape every agent answers in.
package io.caravan.check;

import io.caravan.check.authresults.AuthenticationResults.MethodResult;
import io.caravan.mail.SmtpReply;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An agent only reads the message and answers; {@link Agents} then applies the administrator's
 * action: a {@link Wish#REFUSE} becomes the SMTP reply only under action {@code reject}, and is
 * held back to a quarantine under {@code quarantine}; under {@code ignore} nothing but the record
 * remains.
 *
 * @param agent       the agent's name (its config block, tracking and metric label)
 * @param result      one word, e.g. "pass", "fail", "temperror", "match"
 * @param reason      one line for people: the tracking log and the quarantine list show it
 * @param wish        what the agent asks for
 * @param refusal     the reply a REFUSE asks for (a 5xx or 4xx); empty otherwise
 * @param authResults its part of our Authentication-Results field (RFC 8601), possibly none
 * @param fields      header fields it adds to the message (whole lines, CRLF-terminated), possibly none
 * @param finding     the agent's typed result for agents after it (DMARC reads SPF's and DKIM's), or null
 */
public record Verdict(String agent, String result, String reason, Wish wish, Optional<SmtpReply> refusal,
        List<MethodResult> authResults, List<String> fields, Object finding) {

    /** What an agent asks the pipeline to do with the message. */
    public enum Wish { ACCEPT, QUARANTINE, REFUSE }

    public Verdict {
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(result, "result");
        reason = reason == null ? "" : reason;
        authResults = List.copyOf(authResults);
        fields = List.copyOf(fields);
        if (wish == Wish.REFUSE && refusal.isEmpty()) {
            throw new IllegalArgumentException(agent + " asks to refuse without a reply");
        }
    }

    /** A verdict that asks for nothing but to be recorded. */
    public static Verdict of(String agent, String result, String reason) {
        return new Verdict(agent, result, reason, Wish.ACCEPT, Optional.empty(), List.of(), List.of(), null);
    }

    public Verdict refuse(SmtpReply reply) {
        return new Verdict(agent, result, reason, Wish.REFUSE, Optional.of(reply), authResults, fields, finding);
    }

    public Verdict quarantine() {
        return new Verdict(agent, result, reason, Wish.QUARANTINE, Optional.empty(), authResults, fields, finding);
    }

    public Verdict withAuthResults(List<MethodResult> results) {
        return new Verdict(agent, result, reason, wish, refusal, results, fields, finding);
    }

    /** Adds a header field "Name: value" (folded by the caller if long; CR and LF in the value are flattened). */
    public Verdict withField(String name, String value) {
        List<String> more = new ArrayList<>(fields);
        more.add(name + ": " + value.replaceAll("[\\r\\n]+", " ") + "\r\n");
        return new Verdict(agent, result, reason, wish, refusal, authResults, more, finding);
    }

    public Verdict withFinding(Object typedResult) {
        return new Verdict(agent, result, reason, wish, refusal, authResults, fields, typedResult);
    }
}
