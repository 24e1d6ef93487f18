// Hook run on HELO/EHLO (Exchange: OnHeloCommand / OnEhloCommand).
package io.caravan.receive.hook;

public interface HeloHook {
    HookResult onHelo(SessionInfo session, String heloName);
}
