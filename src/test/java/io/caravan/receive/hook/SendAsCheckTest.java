// SendAsCheck: an authenticated user may only use the MAIL FROM addresses their send-as rules allow.
package io.caravan.receive.hook;

import static io.caravan.receive.hook.HookFixtures.anonymous;
import static io.caravan.receive.hook.HookFixtures.authenticated;
import static org.junit.jupiter.api.Assertions.assertEquals;

import at.favre.lib.crypto.bcrypt.BCrypt;
import io.caravan.config.CaravanConfig;
import io.caravan.mail.MailAddress;
import io.caravan.mail.SmtpReply;
import io.caravan.receive.auth.Authenticator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SendAsCheckTest {

    @TempDir
    Path dir;

    /** alice@example.com may send as herself; relayer may send as anyone. */
    private SendAsCheck hook() throws Exception {
        String hash = BCrypt.withDefaults().hashToString(4, "secret".toCharArray());
        Path users = Files.writeString(dir.resolve("users"), "alice@example.com:" + hash + "\nrelayer:" + hash + ":*\n");
        CaravanConfig.Auth auth = HookFixtures.stub(CaravanConfig.Auth.class, m -> switch (m) {
            case "usersFile" -> Optional.of(users.toString());
            case "reloadEvery" -> Duration.ofMinutes(10);
            case "maxFailures" -> 5;
            case "failureWindow", "lockout" -> Duration.ofMinutes(10);
            default -> null;
        });
        return new SendAsCheck(new Authenticator(HookFixtures.core(m -> m.equals("auth") ? auth : null)));
    }

    @Test
    void anAuthenticatedUserMaySendAsAnAddressTheyOwn() throws Exception {
        assertEquals(HookResult.next(), hook().onMail(authenticated("192.0.2.1", "alice@example.com"),
                MailAddress.parse("alice@example.com"), Map.of()));
        assertEquals(HookResult.next(), hook().onMail(authenticated("192.0.2.1", "relayer"),
                MailAddress.parse("anyone@elsewhere.example"), Map.of()));
    }

    @Test
    void anAuthenticatedUserIsRefusedAnAddressTheyDoNotOwnWith550() throws Exception {
        HookResult r = hook().onMail(authenticated("192.0.2.1", "alice@example.com"), MailAddress.parse("ceo@example.com"), Map.of());

        assertEquals(HookResult.Decision.REJECT, r.decision());
        assertEquals(SmtpReply.of(550, "5.7.1", "Sender address <ceo@example.com> is not owned by user alice@example.com"), r.reply());
    }

    @Test
    void anAnonymousSessionIsNotThisHooksBusiness() throws Exception {
        assertEquals(HookResult.next(), hook().onMail(anonymous("192.0.2.1"), MailAddress.parse("ceo@example.com"), Map.of()));
    }
}
