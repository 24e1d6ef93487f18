// What one inspection agent concluded about a message: the one shape every agent answers in.
package io.caravan.check;

import io.caravan.check.authresults.AuthenticationResults.MethodResult;
import io.caravan.mail.RawMessage;
import io.caravan.mail.SmtpReply;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * An agent only reads the message and answers; {@link Agents} then applies the administrator's
 * {@link CheckAction}: a {@link Wish#REFUSE} becomes the SMTP reply only under action {@code reject},
 * is held in the quarantine under {@code quarantine}, delivered with the agent's fields (and
 * rewrite) under {@code tag} or {@code strip}, dropped under {@code delete}; under {@code ignore}
 * nothing but the record remains.
 *
 * @param agent       the agent's name (its config block, tracking and metric label)
 * @param result      one word, e.g. "pass", "fail", "temperror", "match"
 * @param reason      one line for people: the tracking log and the quarantine list show it
 * @param wish        what the agent asks for
 * @param refusal     the reply a REFUSE asks for (a 5xx or 4xx); empty otherwise
 * @param authResults its part of our Authentication-Results field (RFC 8601), possibly none
 * @param fields      header fields it adds to the message (whole lines, CRLF-terminated), possibly none
 * @param finding     the agent's typed result for agents after it (DMARC reads SPF's and DKIM's), or null
 * @param score       the agent's score, e.g. a spam confidence level, when it has one
 * @param rewrite     the message as the agent would change it when its verdict is applied as a tag or
 *                    strip (a Subject prefix, an attachment replaced); empty when it changes nothing
 */
public record Verdict(String agent, String result, String reason, Wish wish, Optional<SmtpReply> refusal,
        List<MethodResult> authResults, List<String> fields, Object finding, OptionalDouble score,
        Optional<RawMessage> rewrite) {

    /** What an agent asks the pipeline to do with the message, mildest first. */
    public enum Wish { ACCEPT, TAG, QUARANTINE, DELETE, REFUSE }

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
        return new Verdict(agent, result, reason, Wish.ACCEPT, Optional.empty(), List.of(), List.of(), null,
                OptionalDouble.empty(), Optional.empty());
    }

    /** Asks for this reply: a 5xx refuses the message (or recipient), a 4xx holds it for the client to retry. */
    public Verdict refuse(SmtpReply reply) {
        return with(Wish.REFUSE, Optional.of(reply));
    }

    public Verdict quarantine() {
        return with(Wish.QUARANTINE, Optional.empty());
    }

    /** Asks for the message to be delivered marked: the agent's fields, and its rewrite if it has one. */
    public Verdict tag() {
        return with(Wish.TAG, Optional.empty());
    }

    /** Asks for the message to be accepted (250) and dropped, as Exchange's SCL delete threshold does. */
    public Verdict delete() {
        return with(Wish.DELETE, Optional.empty());
    }

    private Verdict with(Wish w, Optional<SmtpReply> reply) {
        return new Verdict(agent, result, reason, w, reply, authResults, fields, finding, score, rewrite);
    }

    public Verdict withAuthResults(List<MethodResult> results) {
        return new Verdict(agent, result, reason, wish, refusal, results, fields, finding, score, rewrite);
    }

    public Verdict withScore(double value) {
        return new Verdict(agent, result, reason, wish, refusal, authResults, fields, finding, OptionalDouble.of(value), rewrite);
    }

    /** The message as it should be delivered when this verdict is applied as a tag or strip. */
    public Verdict withRewrite(RawMessage changed) {
        return new Verdict(agent, result, reason, wish, refusal, authResults, fields, finding, score, Optional.of(changed));
    }

    /** Adds a header field "Name: value" (folded by the caller if long; CR and LF in the value are flattened). */
    public Verdict withField(String name, String value) {
        List<String> more = new ArrayList<>(fields);
        more.add(name + ": " + value.replaceAll("[\\r\\n]+", " ") + "\r\n");
        return new Verdict(agent, result, reason, wish, refusal, authResults, more, finding, score, rewrite);
    }

    public Verdict withFinding(Object typedResult) {
        return new Verdict(agent, result, reason, wish, refusal, authResults, fields, typedResult, score, rewrite);
    }
}
