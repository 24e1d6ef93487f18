// Hook run once the whole message is received, before the receive route (Exchange: OnEndOfData).
package io.caravan.receive.hook;

import io.caravan.mail.Envelope;

/** Runs on a worker thread, so it may block briefly; the routes run after it. */
public interface EndOfDataHook {
    HookResult onEndOfData(SessionInfo session, Envelope envelope, byte[] message);
}
