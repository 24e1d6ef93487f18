// Hook run when a client connects, before the banner (Exchange: OnConnect).
package io.caravan.receive.hook;

public interface ConnectHook {
    HookResult onConnect(SessionInfo session);
}
