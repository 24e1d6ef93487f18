package io.caravan.receive.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserStoreTest {

    /** Cost 4 keeps the suite fast; production hashes use 12. */
    private static final String ALICE_HASH = BCrypt.withDefaults().hashToString(4, "alice-secret".toCharArray());
    private static final String BOB_HASH = BCrypt.withDefaults().hashToString(4, "bob-secret".toCharArray());

    @TempDir
    Path dir;

    private UserStore store(String... lines) throws IOException {
        Path file = dir.resolve("users");
        Files.write(file, List.of(lines));
        return UserStore.load(file);
    }

    private IllegalArgumentException loadFails(String... lines) {
        return assertThrows(IllegalArgumentException.class, () -> store(lines));
    }

    @Test
    void authenticatesAUserWithTheRightPassword() throws IOException {
        UserStore users = store("alice@example.com:" + ALICE_HASH);

        assertTrue(users.authenticate("alice@example.com", "alice-secret".toCharArray()));
    }

    @Test
    void rejectsAWrongPassword() throws IOException {
        UserStore users = store("alice@example.com:" + ALICE_HASH, "bob:" + BOB_HASH);

        assertFalse(users.authenticate("alice@example.com", "bob-secret".toCharArray()));
        assertFalse(users.authenticate("alice@example.com", new char[0]));
    }

    @Test
    void rejectsAnUnknownUserEvenWithAKnownPassword() throws IOException {
        UserStore users = store("alice@example.com:" + ALICE_HASH);

        assertFalse(users.authenticate("mallory@example.com", "alice-secret".toCharArray()));
        assertFalse(users.authenticate(null, "alice-secret".toCharArray()));
    }

    @Test
    void comparesUsernamesExactly() throws IOException {
        UserStore users = store("alice@example.com:" + ALICE_HASH);

        assertFalse(users.authenticate("Alice@example.com", "alice-secret".toCharArray()));
    }

    @Test
    void rejectsAPasswordTooLongForBcryptInsteadOfThrowing() throws IOException {
        UserStore users = store("alice@example.com:" + ALICE_HASH);

        assertFalse(users.authenticate("alice@example.com", "x".repeat(200).toCharArray()));
    }

    @Test
    void skipsCommentsAndBlankLines() throws IOException {
        UserStore users = store("# SMTP AUTH users", "", "   ", "alice@example.com:" + ALICE_HASH,
                "  # bob left", "bob:" + BOB_HASH);

        assertEquals(2, users.size());
        assertTrue(users.authenticate("bob", "bob-secret".toCharArray()));
    }

    @Test
    void emptyStoreHasNoUsersAndAuthenticatesNobody() {
        assertEquals(0, UserStore.empty().size());
        assertFalse(UserStore.empty().authenticate("alice@example.com", "alice-secret".toCharArray()));
    }

    @Test
    void missingHashIsReportedWithFileAndLineNumber() {
        IllegalArgumentException e = loadFails("# users", "alice@example.com:" + ALICE_HASH, "bob");

        assertTrue(e.getMessage().startsWith(dir.resolve("users") + " line 3: "), e.getMessage());
    }

    @Test
    void emptyHashIsReportedWithLineNumber() {
        IllegalArgumentException e = loadFails("bob:");

        assertTrue(e.getMessage().contains("line 1: user 'bob' has no password hash"), e.getMessage());
    }

    @Test
    void hashThatIsNotBcryptIsReportedWithLineNumberWithoutEchoingIt() {
        IllegalArgumentException e = loadFails("", "bob:plaintext-password");

        assertTrue(e.getMessage().contains("line 2: "), e.getMessage());
        assertTrue(e.getMessage().contains("not a bcrypt string"), e.getMessage());
        assertFalse(e.getMessage().contains("plaintext-password"), e.getMessage());
    }

    @Test
    void duplicateUserIsReportedAtItsSecondLine() {
        IllegalArgumentException e = loadFails("bob:" + BOB_HASH, "alice@example.com:" + ALICE_HASH, "bob:" + ALICE_HASH);

        assertTrue(e.getMessage().contains("line 3: duplicate user 'bob'"), e.getMessage());
    }

    @Test
    void tooManyFieldsAndBadSendAsEntriesAreMalformed() {
        assertTrue(loadFails("bob:" + BOB_HASH + ":*:extra").getMessage().contains("line 1: "));
        assertTrue(loadFails("bob:" + BOB_HASH + ":").getMessage().contains("send-as field is empty"));
        assertTrue(loadFails("bob:" + BOB_HASH + ":example.com").getMessage().contains("'example.com'"));
        assertTrue(loadFails("bob:" + BOB_HASH + ":a@example.com,,b@example.com").getMessage().contains("line 1: "));
    }

    @Test
    void readingAMissingFileFailsWithItsName() {
        Path missing = dir.resolve("nope");

        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> UserStore.load(missing));
        assertTrue(e.getMessage().contains(missing.toString()));
    }

    @Test
    void exactSendAsAddressIsComparedCaseInsensitively() throws IOException {
        UserStore users = store("scanner:" + BOB_HASH + ":Scans@Example.com");

        assertTrue(users.maySendAs("scanner", "scans@example.com"));
        assertTrue(users.maySendAs("scanner", "SCANS@EXAMPLE.COM"));
        assertFalse(users.maySendAs("scanner", "other@example.com"));
        assertFalse(users.maySendAs("scanner", "scanner"));
    }

    @Test
    void domainSendAsAllowsAnyAddressInThatDomainButNotItsSubdomains() throws IOException {
        UserStore users = store("app:" + BOB_HASH + ":@example.com, @example.org");

        assertTrue(users.maySendAs("app", "anyone@example.com"));
        assertTrue(users.maySendAs("app", "Someone@EXAMPLE.ORG"));
        assertFalse(users.maySendAs("app", "anyone@sub.example.com"));
        assertFalse(users.maySendAs("app", "anyone@example.net"));
    }

    @Test
    void starSendAsAllowsAnyAddress() throws IOException {
        UserStore users = store("relay:" + BOB_HASH + ":*");

        assertTrue(users.maySendAs("relay", "anyone@anywhere.example"));
    }

    @Test
    void withoutSendAsAUserMaySendOnlyAsItsOwnAddress() throws IOException {
        UserStore users = store("alice@example.com:" + ALICE_HASH);

        assertTrue(users.maySendAs("alice@example.com", "alice@example.com"));
        assertTrue(users.maySendAs("alice@example.com", "ALICE@example.COM"));
        assertFalse(users.maySendAs("alice@example.com", "bob@example.com"));
    }

    @Test
    void withoutSendAsAUsernameThatIsNotAnAddressMaySendAsNoAddress() throws IOException {
        UserStore users = store("bob:" + BOB_HASH);

        assertFalse(users.maySendAs("bob", "bob"));
        assertFalse(users.maySendAs("bob", "bob@example.com"));
    }

    @Test
    void nullSenderIsAllowedForEveryKnownUserButNotForUnknownOnes() throws IOException {
        UserStore users = store("bob:" + BOB_HASH, "scanner:" + BOB_HASH + ":scans@example.com");

        assertTrue(users.maySendAs("bob", ""));
        assertTrue(users.maySendAs("scanner", ""));
        assertFalse(users.maySendAs("mallory", ""));
        assertFalse(users.maySendAs(null, ""));
    }
}
