// Hook run once the whole message is received, before the receive route (Exchange: OnEndOfData).
package io.caravan.receive.hook;

import io.caravan.mail.Envelope;
import io.caravan.mail.RawMessage;

/** Runs on a worker thread, so it may block briefly; the routes run after it. */
public interface EndOfDataHook {
    HookResult onEndOfData(SessionInfo session, Envelope envelope, RawMessage message);
}
