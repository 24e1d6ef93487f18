// Admin command that hashes SMTP AUTH passwords and adds or replaces users in the users file.
package io.caravan.receive.auth;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Run from the installed application, e.g.
 * {@code java -cp 'quarkus-app/lib/main/*:quarkus-app/app/*' io.caravan.receive.auth.PasswordTool add users alice@example.com}.
 * The password is read from the terminal without echo, or as one line from stdin when piped.
 */
public final class PasswordTool {

    /** bcrypt cost for new hashes: roughly a quarter of a second per verification on current servers. */
    static final int COST = 12;

    private static final String USAGE = """
            usage: PasswordTool hash
                   PasswordTool add <users-file> <username> [send-as]
              hash  prints the bcrypt hash of a password read from the terminal (or stdin)
              add   adds the user to <users-file>, or replaces its line; send-as is a comma-separated
                    list of a@example.com, @example.com or *, default the username itself""";

    private PasswordTool() {
    }

    public static void main(String[] args) {
        boolean hash = args.length == 1 && args[0].equals("hash");
        boolean add = (args.length == 3 || args.length == 4) && args[0].equals("add");
        if (!hash && !add) {
            System.err.println(USAGE);
            System.exit(2);
        }
        char[] password = null;
        try {
            password = readPassword();
            if (hash) {
                System.out.println(hash(password));
            } else {
                addUser(Path.of(args[1]), args[2], password, args.length == 4 ? args[3] : null);
                System.err.println("Saved user " + args[2] + " in " + args[1]);
            }
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
        } catch (IOException | UncheckedIOException e) {
            System.err.println(e.getMessage());
            System.exit(1);
        } finally {
            if (password != null) {
                Arrays.fill(password, '\0');
            }
        }
    }

    /** bcrypt at the production cost; throws IllegalArgumentException for empty or over-71-byte passwords. */
    public static String hash(char[] password) {
        return hash(password, COST);
    }

    /**
     * Adds the user, or replaces its line where it stands, keeping every other line and comment. The
     * file is replaced by an atomic rename, so a reader never sees half of it; a new file is readable by
     * its owner only.
     *
     * @param sendAs null to let the user send as its own username only
     */
    public static void addUser(Path file, String username, char[] password, String sendAs) throws IOException {
        addUser(file, username, password, sendAs, COST);
    }

    /** Tests pass a low cost to stay fast. */
    static void addUser(Path file, String username, char[] password, String sendAs, int cost) throws IOException {
        UserLine.requireValidUsername(username); // both checked before the slow hash
        if (sendAs != null) {
            SendAs.parse(sendAs);
        }
        String line = new UserLine(username, hash(password, cost), sendAs).format();
        List<String> lines = Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
        List<String> updated = new ArrayList<>();
        boolean placed = false;
        for (String existing : lines) {
            if (UserLine.isIgnorable(existing) || !UserLine.usernameOf(existing).equals(username)) {
                updated.add(existing);
            } else if (!placed) {
                updated.add(line);
                placed = true;
            } // a later duplicate of the same user is dropped: the file would not load with it
        }
        if (!placed) {
            updated.add(line);
        }
        replaceAtomically(file, String.join("\n", updated) + "\n");
    }

    static String hash(char[] password, int cost) {
        if (password.length == 0) {
            throw new IllegalArgumentException("The password is empty");
        }
        return BCrypt.withDefaults().hashToString(cost, password);
    }

    /** One line of characters, without its line ending; no String, so it can be erased. */
    static char[] readLine(Reader in) throws IOException {
        char[] buffer = new char[128];
        int length = 0;
        for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
            if (length == buffer.length) {
                char[] larger = Arrays.copyOf(buffer, length * 2);
                Arrays.fill(buffer, '\0');
                buffer = larger;
            }
            buffer[length++] = (char) c;
        }
        if (length > 0 && buffer[length - 1] == '\r') {
            length--;
        }
        char[] line = Arrays.copyOf(buffer, length);
        Arrays.fill(buffer, '\0');
        return line;
    }

    private static char[] readPassword() throws IOException {
        Console console = System.console();
        if (console == null) {
            return readLine(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        }
        char[] first = console.readPassword("Password: ");
        char[] again = console.readPassword("Repeat password: ");
        if (first == null || again == null || !Arrays.equals(first, again)) {
            throw new IllegalArgumentException("The passwords do not match");
        }
        Arrays.fill(again, '\0');
        return first;
    }

    /** Temp file in the same directory (a rename cannot cross file systems), with the old permissions. */
    private static void replaceAtomically(Path file, String content) throws IOException {
        Path directory = file.toAbsolutePath().getParent();
        Path temp = Files.createTempFile(directory, "." + file.getFileName(), ".tmp");
        try {
            Files.writeString(temp, content, StandardCharsets.UTF_8);
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
