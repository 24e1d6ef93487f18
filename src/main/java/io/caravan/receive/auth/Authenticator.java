// Checks SMTP AUTH credentials against the users file, with a per-IP lockout against password guessing.
package io.caravan.receive.auth;

import io.caravan.config.CaravanConfig;
import io.caravan.mail.SmtpReply;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;

/**
 * Verification is bcrypt, deliberately slow, so the SMTP server calls this on a worker thread.
 * Every attempt is logged with the client IP and user name (never the password), so fail2ban-style
 * tools and administrators can see guessing.
 */
@Singleton
public class Authenticator {

    private static final Logger LOG = Logger.getLogger(Authenticator.class);

    static final SmtpReply SUCCESS = SmtpReply.of(235, "2.7.0", "Authentication successful");
    static final SmtpReply INVALID = SmtpReply.of(535, "5.7.8", "Authentication credentials invalid");
    static final SmtpReply LOCKED_OUT = SmtpReply.of(454, "4.7.0", "Too many failed authentication attempts, try again later");

    private final ReloadingUserStore users;
    private final AuthThrottle throttle;

    public Authenticator(CaravanConfig config) {
        CaravanConfig.Auth auth = config.auth();
        this.users = auth.usersFile().map(f -> new ReloadingUserStore(Path.of(f), auth.reloadEvery())).orElse(null);
        this.throttle = new AuthThrottle(auth.maxFailures(), auth.failureWindow(), auth.lockout(), Clock.systemUTC());
    }

    /** True when a users file is configured, so AUTH can succeed at all. */
    public boolean available() {
        return users != null;
    }

    /** 235 on success, 535 on bad credentials, 454 while the client's address is locked out. */
    public SmtpReply verify(InetAddress client, String user, char[] password) {
        try {
            if (throttle.isLockedOut(client)) {
                LOG.warnf("AUTH refused for %s (user %s): locked out after repeated failures", client.getHostAddress(), user);
                return LOCKED_OUT;
            }
            if (store().authenticate(user, password)) {
                throttle.recordSuccess(client);
                LOG.infof("AUTH success for %s (user %s)", client.getHostAddress(), user);
                return SUCCESS;
            }
            throttle.recordFailure(client);
            LOG.warnf("AUTH failure for %s (user %s)", client.getHostAddress(), user);
            return INVALID; // the lockout shows on the next attempt
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    /** Reads the users file now if it changed, so a change made through the admin API counts at once. */
    public void reloadUsers() {
        if (users != null) {
            users.checkNow();
        }
    }

    public boolean maySendAs(String user, String mailFrom) {
        return store().maySendAs(user, mailFrom);
    }

    private UserStore store() {
        return users == null ? UserStore.empty() : users.current();
    }

    @PreDestroy
    void close() {
        if (users != null) {
            users.close();
        }
    }
}
