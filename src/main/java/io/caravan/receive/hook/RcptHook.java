// Hook run on each RCPT TO (Exchange: OnRcptCommand). Relay control lives here.
package io.caravan.receive.hook;

import io.caravan.mail.MailAddress;

public interface RcptHook {
    HookResult onRcpt(SessionInfo session, MailAddress sender, MailAddress recipient);
}
