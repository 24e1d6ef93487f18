// SmtpHooks: the hooks of a phase run in turn; the first decisive answer (accept, reject, defer) wins.
package io.caravan.receive.hook;

import static io.caravan.receive.hook.HookFixtures.SENDER;
import static io.caravan.receive.hook.HookFixtures.anonymous;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.caravan.mail.Envelope;
import io.caravan.mail.MailAddress;
import io.caravan.mail.RawMessage;
import io.caravan.mail.SmtpReply;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SmtpHooksTest {

    private static final SmtpReply NO = SmtpReply.of(550, "5.7.1", "No");
    private static final SmtpReply LATER = SmtpReply.of(451, "4.7.1", "Later");

    private final List<String> asked = new ArrayList<>();

    private RcptHook rcpt(String name, HookResult answer) {
        return (session, sender, recipient) -> {
            asked.add(name);
            return answer;
        };
    }

    private static SmtpHooks withRcptHooks(RcptHook... hooks) {
        return new SmtpHooks(List.of(), List.of(), List.of(), List.of(hooks), List.of());
    }

    private static HookResult onRcpt(SmtpHooks hooks) {
        return hooks.onRcpt(anonymous("192.0.2.1"), SENDER, MailAddress.parse("bob@example.com"));
    }

    @Test
    void withoutAnOpinionFromAnyHookThePhaseGoesOn() {
        assertEquals(HookResult.next(), onRcpt(withRcptHooks(rcpt("a", HookResult.next()), rcpt("b", HookResult.next()))));
        assertEquals(List.of("a", "b"), asked);
        assertEquals(HookResult.next(), onRcpt(withRcptHooks()));
    }

    @Test
    void anAcceptStopsTheLaterHooks() {
        assertEquals(HookResult.accept(), onRcpt(withRcptHooks(rcpt("a", HookResult.accept()), rcpt("b", HookResult.reject(NO)))));
        assertEquals(List.of("a"), asked);
    }

    @Test
    void aRejectionWinsOverLaterHooks() {
        HookResult r = onRcpt(withRcptHooks(rcpt("a", HookResult.next()), rcpt("b", HookResult.reject(NO)),
                rcpt("c", HookResult.accept())));

        assertEquals(HookResult.reject(NO), r);
        assertEquals(List.of("a", "b"), asked);
    }

    @Test
    void aDeferralWinsOverLaterHooks() {
        assertEquals(HookResult.defer(LATER), onRcpt(withRcptHooks(rcpt("a", HookResult.defer(LATER)), rcpt("b", HookResult.reject(NO)))));
        assertEquals(List.of("a"), asked);
    }

    @Test
    void eachPhaseRunsItsOwnHooks() {
        SmtpHooks hooks = new SmtpHooks(
                List.of(s -> HookResult.reject(SmtpReply.of(554, "5.7.1", "connect"))),
                List.of((s, helo) -> HookResult.reject(SmtpReply.of(550, "5.7.1", "helo " + helo))),
                List.of((s, from, params) -> HookResult.defer(SmtpReply.of(452, "4.3.1", "mail " + from))),
                List.of(),
                List.of((s, envelope, message) -> HookResult.reject(SmtpReply.of(554, "5.4.6", "data " + envelope.queueId()))));
        Envelope envelope = new Envelope("Q1", SENDER, List.of(MailAddress.parse("bob@example.com")), "7BIT", "default",
                "192.0.2.1", "client", 0, 0, 0);

        assertEquals("connect", hooks.onConnect(anonymous("192.0.2.1")).reply().text());
        assertEquals("helo client.example.net", hooks.onHelo(anonymous("192.0.2.1"), "client.example.net").reply().text());
        assertEquals("mail alice@example.com", hooks.onMail(anonymous("192.0.2.1"), SENDER, Map.of()).reply().text());
        assertEquals(HookResult.next(), onRcpt(hooks));
        assertEquals("data Q1", hooks.onEndOfData(anonymous("192.0.2.1"), envelope,
                RawMessage.of("Subject: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII))).reply().text());
    }
}
