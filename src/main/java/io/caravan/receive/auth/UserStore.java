// The users allowed to SMTP AUTH, with their bcrypt hashes and the MAIL FROM addresses each may use.
package io.caravan.receive.auth;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Immutable; read from a text file (in production a Kubernetes Secret mount, see
 * {@link ReloadingUserStore}), one user per line:
 *
 * <pre>
 * # username:bcrypt-hash[:send-as]
 * alice@example.com:$2a$12$...            # may send as alice@example.com only
 * scanner:$2a$12$...:scans@example.com    # a device account with one sender address
 * app:$2a$12$...:@example.com,@example.org
 * relay:$2a$12$...:*
 * </pre>
 *
 * Usernames are compared exactly (as Postfix and Cyrus SASL do); send-as addresses case-insensitively.
 * Lines are written by {@link UsersFile} (the admin API, {@code caravan users}).
 */
public final class UserStore {

    /** bcrypt of a random password at the production cost, so unknown users cost as much as known ones. */
    private static final String DECOY_HASH_COST_12 = "$2a$12$DK./94432L0x5jrSUppt/OVGfXZqjbuSnVZJwPaKfNuD7cMtqSUkK";

    private record User(String hash, SendAs sendAs) {
    }

    private final Map<String, User> users;
    private final String decoyHash;

    private UserStore(Map<String, User> users, String decoyHash) {
        this.users = users;
        this.decoyHash = decoyHash;
    }

    public static UserStore empty() {
        return new UserStore(Map.of(), DECOY_HASH_COST_12);
    }

    /**
     * @throws IllegalArgumentException naming the file and line number of the first malformed line
     * @throws UncheckedIOException when the file cannot be read
     */
    public static UserStore load(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read users file " + file, e);
        }
        Map<String, User> users = new HashMap<>();
        int maxCost = 0;
        for (int i = 0; i < lines.size(); i++) {
            if (UserLine.isIgnorable(lines.get(i))) {
                continue;
            }
            try {
                UserLine line = UserLine.parse(lines.get(i));
                if (users.putIfAbsent(line.username(), new User(line.hash(), line.sendAsRule())) != null) {
                    throw new IllegalArgumentException("duplicate user '" + line.username() + "'");
                }
                maxCost = Math.max(maxCost, line.cost());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        return new UserStore(Map.copyOf(users), decoyHashAtCost(maxCost == 0 ? UsersFile.COST : maxCost));
    }

    /**
     * False for an unknown user, a wrong password, or a password bcrypt cannot take (over 71 bytes).
     * An unknown user still costs one bcrypt verification, so response times do not reveal which
     * usernames exist. The caller keeps ownership of {@code password} and should erase it.
     */
    public boolean authenticate(String username, char[] password) {
        if (username == null || password == null) {
            return false;
        }
        User user = users.get(username);
        boolean verified;
        try {
            verified = BCrypt.verifyer().verify(password, user != null ? user.hash() : decoyHash).verified;
        } catch (IllegalArgumentException tooLongForBcrypt) {
            return false;
        }
        return user != null && verified;
    }

    /**
     * Whether an (already authenticated) user may use this MAIL FROM address. {@code mailFrom} is the
     * reverse-path without angle brackets; the null sender ({@code ""}) is allowed to every known user,
     * because bounces and receipts need it.
     */
    public boolean maySendAs(String username, String mailFrom) {
        User user = username == null ? null : users.get(username);
        if (user == null || mailFrom == null) {
            return false;
        }
        return mailFrom.isEmpty() || user.sendAs().allows(mailFrom);
    }

    public int size() {
        return users.size();
    }

    /** The production cost has a precomputed decoy; other costs (tests, old files) pay one hash per load. */
    private static String decoyHashAtCost(int cost) {
        if (cost == UsersFile.COST) {
            return DECOY_HASH_COST_12;
        }
        byte[] random = new byte[16];
        new SecureRandom().nextBytes(random);
        char[] password = HexFormat.of().formatHex(random).toCharArray();
        return BCrypt.withDefaults().hashToString(cost, password);
    }
}
