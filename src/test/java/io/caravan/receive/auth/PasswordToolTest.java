package io.caravan.receive.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PasswordToolTest {

    /** Tests hash at cost 4; the production cost 12 is exercised once, by the hash test. */
    private static final int FAST = 4;

    @TempDir
    Path dir;

    private Path users() {
        return dir.resolve("users");
    }

    private void add(String username, String password, String sendAs) throws IOException {
        PasswordTool.addUser(users(), username, password.toCharArray(), sendAs, FAST);
    }

    @Test
    void hashIsABcryptStringAtCost12ThatVerifiesThePassword() {
        String hash = PasswordTool.hash("correct horse".toCharArray());

        assertTrue(hash.startsWith("$2a$12$"), hash);
        assertTrue(BCrypt.verifyer().verify("correct horse".toCharArray(), hash).verified);
        assertFalse(BCrypt.verifyer().verify("wrong horse".toCharArray(), hash).verified);
    }

    @Test
    void hashRefusesAnEmptyPassword() {
        assertThrows(IllegalArgumentException.class, () -> PasswordTool.hash(new char[0]));
    }

    @Test
    void addUserCreatesAMissingFileThatLoads() throws IOException {
        add("alice@example.com", "alice-secret", null);

        UserStore store = UserStore.load(users());
        assertEquals(1, store.size());
        assertTrue(store.authenticate("alice@example.com", "alice-secret".toCharArray()));
        assertTrue(store.maySendAs("alice@example.com", "alice@example.com"));
    }

    @Test
    void addUserWritesTheSendAsField() throws IOException {
        add("app", "app-secret", "@example.com,ops@example.org");

        UserStore store = UserStore.load(users());
        assertTrue(store.maySendAs("app", "anyone@example.com"));
        assertTrue(store.maySendAs("app", "ops@example.org"));
    }

    @Test
    void addUserReplacesAnExistingUserInPlace() throws IOException {
        add("alice@example.com", "old", null);
        add("bob@example.com", "bob-secret", null);

        add("alice@example.com", "new", "*");

        List<String> lines = Files.readAllLines(users());
        assertEquals(2, lines.size());
        assertTrue(lines.get(0).startsWith("alice@example.com:$2a$04$") && lines.get(0).endsWith(":*"));
        UserStore store = UserStore.load(users());
        assertTrue(store.authenticate("alice@example.com", "new".toCharArray()));
        assertFalse(store.authenticate("alice@example.com", "old".toCharArray()));
        assertTrue(store.authenticate("bob@example.com", "bob-secret".toCharArray()));
    }

    @Test
    void addUserKeepsCommentsBlankLinesAndOtherUsers() throws IOException {
        Files.write(users(), List.of("# SMTP AUTH users, managed by PasswordTool", "", "# devices"));
        add("scanner", "scan", "scans@example.com");
        add("alice@example.com", "alice-secret", null);
        add("scanner", "scan2", "scans@example.com");

        List<String> lines = Files.readAllLines(users());
        assertEquals(List.of("# SMTP AUTH users, managed by PasswordTool", "", "# devices"), lines.subList(0, 3));
        assertTrue(lines.get(3).startsWith("scanner:"));
        assertTrue(lines.get(4).startsWith("alice@example.com:"));
        assertTrue(UserStore.load(users()).authenticate("scanner", "scan2".toCharArray()));
    }

    @Test
    void addUserRefusesABadUsernameOrSendAsAndLeavesTheFileAlone() throws IOException {
        add("alice@example.com", "alice-secret", null);
        List<String> before = Files.readAllLines(users());

        assertThrows(IllegalArgumentException.class, () -> add("bad:name", "pw", null));
        assertThrows(IllegalArgumentException.class, () -> add("bad name", "pw", null));
        assertThrows(IllegalArgumentException.class, () -> add("bob", "pw", "example.com"));
        assertThrows(IllegalArgumentException.class, () -> add("bob", "", null));

        assertEquals(before, Files.readAllLines(users()));
    }

    @Test
    void addUserLeavesNoTemporaryFileBehind() throws IOException {
        add("alice@example.com", "alice-secret", null);
        add("alice@example.com", "alice-secret-2", null);

        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(users()), files.toList());
        }
    }

    @Test
    void addUserKeepsTheFilesPermissions() throws IOException {
        add("alice@example.com", "alice-secret", null);
        Files.setPosixFilePermissions(users(), PosixFilePermissions.fromString("rw-r-----"));

        add("bob@example.com", "bob-secret", null);

        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(users())));
    }

    @Test
    void readLineStopsAtTheLineEndingAndDropsACarriageReturn() throws IOException {
        assertArrayEquals("s3cr3t with spaces ".toCharArray(),
                PasswordTool.readLine(new StringReader("s3cr3t with spaces \r\nnext line")));
        assertArrayEquals("x".repeat(300).toCharArray(), PasswordTool.readLine(new StringReader("x".repeat(300))));
        assertArrayEquals(new char[0], PasswordTool.readLine(new StringReader("")));
    }
}
