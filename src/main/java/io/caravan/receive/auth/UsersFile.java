// Edits the SMTP AUTH users file: list, add, change a password, remove, each written by an atomic rename.
package io.caravan.receive.auth;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The writing side of {@link UserStore}, used by the admin API ({@code caravan users}). Every change
 * keeps the other lines and comments where they stand and replaces the file by an atomic rename, so
 * {@link ReloadingUserStore} never reads half a file; a new file is readable by its owner only.
 * Changes are serialised per instance; the admin API holds one.
 */
public final class UsersFile {

    /** bcrypt cost for new hashes: roughly a quarter of a second per verification on current servers. */
    public static final int COST = 12;

    /** A user as the admin API lists it: never the hash. {@code sendAs} is null for "the username itself". */
    public record User(String name, String sendAs) {
    }

    private final Path file;
    private final int cost;

    public UsersFile(Path file) {
        this(file, COST);
    }

    /** Tests pass a low cost to stay fast. */
    UsersFile(Path file, int cost) {
        this.file = file;
        this.cost = cost;
    }

    public Path path() {
        return file;
    }

    /** The users in file order; a missing file has none. Malformed lines are listed by name with no send-as. */
    public synchronized List<User> list() throws IOException {
        List<User> users = new ArrayList<>();
        for (String line : lines()) {
            if (!UserLine.isIgnorable(line)) {
                String sendAs;
                try {
                    sendAs = UserLine.parse(line).sendAs();
                } catch (IllegalArgumentException malformed) {
                    sendAs = null;
                }
                users.add(new User(UserLine.usernameOf(line), sendAs));
            }
        }
        return users;
    }

    /**
     * Adds a new user. @param sendAs null to let the user send as its own username only
     * @return false, changing nothing, when the user exists
     * @throws IllegalArgumentException for a bad username, send-as list or password (checked before the slow hash)
     */
    public synchronized boolean add(String username, char[] password, String sendAs) throws IOException {
        UserLine.requireValidUsername(username);
        if (sendAs != null) {
            SendAs.parse(sendAs);
        }
        if (list().stream().anyMatch(u -> u.name().equals(username))) {
            return false;
        }
        List<String> lines = new ArrayList<>(lines());
        lines.add(new UserLine(username, hash(password, cost), sendAs).format());
        write(lines);
        return true;
    }

    /** Sets a new password and keeps the send-as field; false, changing nothing, for an unknown user. */
    public synchronized boolean setPassword(String username, char[] password) throws IOException {
        if (list().stream().noneMatch(u -> u.name().equals(username))) {
            return false;
        }
        String hash = hash(password, cost);
        return replace(username, old -> new UserLine(username, hash, sendAsOf(old)).format());
    }

    /** False, changing nothing, for an unknown user. */
    public synchronized boolean remove(String username) throws IOException {
        return replace(username, old -> null);
    }

    /** bcrypt at the production cost; throws IllegalArgumentException for empty or over-71-byte passwords. */
    public static String hash(char[] password) {
        return hash(password, COST);
    }

    static String hash(char[] password, int cost) {
        if (password.length == 0) {
            throw new IllegalArgumentException("The password is empty");
        }
        if (new String(password).getBytes(StandardCharsets.UTF_8).length > 71) {
            throw new IllegalArgumentException("The password is longer than bcrypt's 71 bytes");
        }
        return BCrypt.withDefaults().hashToString(cost, password);
    }

    /** A complete users-file line, for a file kept elsewhere (a Kubernetes Secret). */
    public static String line(String username, char[] password, String sendAs) {
        UserLine.requireValidUsername(username);
        if (sendAs != null) {
            SendAs.parse(sendAs);
        }
        return new UserLine(username, hash(password), sendAs).format();
    }

    private static String sendAsOf(String line) {
        try {
            return UserLine.parse(line).sendAs();
        } catch (IllegalArgumentException malformed) {
            return null;
        }
    }

    /** Applies the change to the user's line (null drops it) and drops later duplicates, which would not load. */
    private boolean replace(String username, UnaryOperator<String> change) throws IOException {
        List<String> updated = new ArrayList<>();
        boolean found = false;
        for (String line : lines()) {
            if (UserLine.isIgnorable(line) || !UserLine.usernameOf(line).equals(username)) {
                updated.add(line);
            } else if (!found) {
                found = true;
                String changed = change.apply(line);
                if (changed != null) {
                    updated.add(changed);
                }
            }
        }
        if (found) {
            write(updated);
        }
        return found;
    }

    private List<String> lines() throws IOException {
        return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
    }

    /** Temp file in the same directory (a rename cannot cross file systems), with the old permissions. */
    private void write(List<String> lines) throws IOException {
        Path directory = file.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        Path temp = Files.createTempFile(directory, "." + file.getFileName(), ".tmp");
        try {
            Files.writeString(temp, lines.isEmpty() ? "" : String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
            PosixFileAttributeView posix = Files.getFileAttributeView(file, PosixFileAttributeView.class);
            if (posix != null && Files.exists(file)) {
                Files.setPosixFilePermissions(temp, posix.readAttributes().permissions());
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
