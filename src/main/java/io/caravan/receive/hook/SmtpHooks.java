// Runs the hooks of each SMTP phase in turn; the first decisive answer wins.
package io.caravan.receive.hook;

import io.caravan.mail.Envelope;
import io.caravan.mail.RawMessage;
import io.caravan.mail.MailAddress;
import io.quarkus.arc.All;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Hooks are CDI beans implementing a phase interface; adding one is adding a class. */
@Singleton
public class SmtpHooks {

    private final List<ConnectHook> connect;
    private final List<HeloHook> helo;
    private final List<MailHook> mail;
    private final List<RcptHook> rcpt;
    private final List<EndOfDataHook> endOfData;

    public SmtpHooks(@All List<ConnectHook> connect, @All List<HeloHook> helo, @All List<MailHook> mail,
            @All List<RcptHook> rcpt, @All List<EndOfDataHook> endOfData) {
        this.connect = connect;
        this.helo = helo;
        this.mail = mail;
        this.rcpt = rcpt;
        this.endOfData = endOfData;
    }

    public HookResult onConnect(SessionInfo s) {
        return first(connect, h -> h.onConnect(s));
    }

    public HookResult onHelo(SessionInfo s, String name) {
        return first(helo, h -> h.onHelo(s, name));
    }

    public HookResult onMail(SessionInfo s, MailAddress from, Map<String, String> params) {
        return first(mail, h -> h.onMail(s, from, params));
    }

    public HookResult onRcpt(SessionInfo s, MailAddress from, MailAddress to) {
        return first(rcpt, h -> h.onRcpt(s, from, to));
    }

    public HookResult onEndOfData(SessionInfo s, Envelope envelope, RawMessage message) {
        return first(endOfData, h -> h.onEndOfData(s, envelope, message));
    }

    private static <H> HookResult first(List<H> hooks, Function<H, HookResult> call) {
        for (H hook : hooks) {
            HookResult r = call.apply(hook);
            if (r.isDecisive()) {
                return r;
            }
        }
        return HookResult.next();
    }
}
