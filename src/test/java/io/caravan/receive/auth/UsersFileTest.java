// UsersFile: what caravan users add / passwd / remove do to the users file, and that UserStore loads the result.
package io.caravan.receive.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UsersFileTest {

    /** Tests hash at cost 4; the production cost 12 is exercised once, by the hash test. */
    private static final int FAST = 4;

    @TempDir
    Path dir;

    private Path users() {
        return dir.resolve("users");
    }

    private UsersFile file() {
        return new UsersFile(users(), FAST);
    }

    private boolean add(String username, String password, String sendAs) throws IOException {
        return file().add(username, password.toCharArray(), sendAs);
    }

    @Test
    void hashIsABcryptStringAtCost12ThatVerifiesThePassword() {
        String hash = UsersFile.hash("correct horse".toCharArray());

        assertTrue(hash.startsWith("$2a$12$"), hash);
        assertTrue(BCrypt.verifyer().verify("correct horse".toCharArray(), hash).verified);
        assertFalse(BCrypt.verifyer().verify("wrong horse".toCharArray(), hash).verified);
    }

    @Test
    void hashRefusesAnEmptyOrOverlongPassword() {
        assertThrows(IllegalArgumentException.class, () -> UsersFile.hash(new char[0]));
        assertThrows(IllegalArgumentException.class, () -> UsersFile.hash("x".repeat(72).toCharArray()));
    }

    @Test
    void addCreatesAMissingFileThatLoadsAndIsReadableByItsOwnerOnly() throws IOException {
        assertTrue(add("alice@example.com", "alice-secret", null));

        UserStore store = UserStore.load(users());
        assertEquals(1, store.size());
        assertTrue(store.authenticate("alice@example.com", "alice-secret".toCharArray()));
        assertTrue(store.maySendAs("alice@example.com", "alice@example.com"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(users())));
    }

    @Test
    void addWritesTheSendAsFieldAndListShowsItButNoHash() throws IOException {
        add("app", "app-secret", "@example.com,ops@example.org");
        add("alice@example.com", "alice-secret", null);

        UserStore store = UserStore.load(users());
        assertTrue(store.maySendAs("app", "anyone@example.com"));
        assertTrue(store.maySendAs("app", "ops@example.org"));
        assertEquals(List.of(new UsersFile.User("app", "@example.com,ops@example.org"), new UsersFile.User("alice@example.com", null)),
                file().list());
    }

    @Test
    void addRefusesAnExistingUserAndChangesNothing() throws IOException {
        add("alice@example.com", "old", null);
        List<String> before = Files.readAllLines(users());

        assertFalse(add("alice@example.com", "new", "*"));

        assertEquals(before, Files.readAllLines(users()));
    }

    @Test
    void setPasswordReplacesTheHashInPlaceAndKeepsSendAs() throws IOException {
        add("scanner", "old", "scans@example.com");
        add("bob@example.com", "bob-secret", null);

        assertTrue(file().setPassword("scanner", "new".toCharArray()));

        List<String> lines = Files.readAllLines(users());
        assertTrue(lines.get(0).startsWith("scanner:$2a$04$") && lines.get(0).endsWith(":scans@example.com"), lines.get(0));
        UserStore store = UserStore.load(users());
        assertTrue(store.authenticate("scanner", "new".toCharArray()));
        assertFalse(store.authenticate("scanner", "old".toCharArray()));
        assertTrue(store.authenticate("bob@example.com", "bob-secret".toCharArray()));
        assertFalse(file().setPassword("nobody", "x".toCharArray()));
    }

    @Test
    void removeDropsTheUserAndKeepsCommentsBlankLinesAndOtherUsers() throws IOException {
        Files.write(users(), List.of("# SMTP AUTH users", "", "# devices"));
        add("scanner", "scan", "scans@example.com");
        add("alice@example.com", "alice-secret", null);

        assertTrue(file().remove("scanner"));
        assertFalse(file().remove("scanner"));

        List<String> lines = Files.readAllLines(users());
        assertEquals(List.of("# SMTP AUTH users", "", "# devices"), lines.subList(0, 3));
        assertEquals(4, lines.size());
        assertTrue(lines.get(3).startsWith("alice@example.com:"));
    }

    @Test
    void aBadUsernameSendAsOrPasswordIsRefusedAndLeavesTheFileAlone() throws IOException {
        add("alice@example.com", "alice-secret", null);
        List<String> before = Files.readAllLines(users());

        assertThrows(IllegalArgumentException.class, () -> add("bad:name", "pw", null));
        assertThrows(IllegalArgumentException.class, () -> add("bad name", "pw", null));
        assertThrows(IllegalArgumentException.class, () -> add("bob", "pw", "example.com"));
        assertThrows(IllegalArgumentException.class, () -> add("bob", "", null));
        assertThrows(IllegalArgumentException.class, () -> file().setPassword("alice@example.com", new char[0]));

        assertEquals(before, Files.readAllLines(users()));
    }

    @Test
    void changesLeaveNoTemporaryFileBehindAndKeepTheFilesPermissions() throws IOException {
        add("alice@example.com", "alice-secret", null);
        Files.setPosixFilePermissions(users(), PosixFilePermissions.fromString("rw-r-----"));

        file().setPassword("alice@example.com", "alice-secret-2".toCharArray());
        add("bob@example.com", "bob-secret", null);

        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(users())));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(users()), files.toList());
        }
    }

    @Test
    void lineIsACompleteUsersFileLineThatLoads() throws IOException {
        Files.writeString(users(), UsersFile.line("relay", "pw".toCharArray(), "*") + "\n");

        assertTrue(UserStore.load(users()).authenticate("relay", "pw".toCharArray()));
    }
}
