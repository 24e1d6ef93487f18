// Hook run on MAIL FROM (Exchange: OnMailCommand).
package io.caravan.receive.hook;

import io.caravan.mail.MailAddress;

import java.util.Map;

public interface MailHook {
    /** @param parameters ESMTP parameters, keys upper-case (SIZE, BODY, ...), values as given */
    HookResult onMail(SessionInfo session, MailAddress sender, Map<String, String> parameters);
}
