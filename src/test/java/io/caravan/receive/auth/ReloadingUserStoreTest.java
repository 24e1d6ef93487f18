package io.caravan.receive.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReloadingUserStoreTest {

    private static final String HASH = BCrypt.withDefaults().hashToString(4, "secret".toCharArray());
    /** Long enough that the poller never runs during a test: checkNow drives every reload. */
    private static final Duration NEVER = Duration.ofHours(1);

    @TempDir
    Path dir;

    private Path file;
    private ReloadingUserStore reloading;
    private int writes;

    @AfterEach
    void stopPolling() {
        if (reloading != null) {
            reloading.close();
        }
    }

    /** Each write gets a later mtime, since bcrypt lines have equal lengths and a rewrite may keep the inode. */
    private void write(String... lines) throws IOException {
        file = dir.resolve("users");
        Files.write(file, List.of(lines));
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2030-01-01T00:00:00Z").plusSeconds(++writes)));
    }

    @Test
    void loadsTheFileAtStart() throws IOException {
        write("alice@example.com:" + HASH);

        reloading = new ReloadingUserStore(file, NEVER);

        assertEquals(1, reloading.current().size());
        assertTrue(reloading.current().authenticate("alice@example.com", "secret".toCharArray()));
    }

    @Test
    void checkNowPicksUpAChangedFile() throws IOException {
        write("alice@example.com:" + HASH);
        reloading = new ReloadingUserStore(file, NEVER);

        write("alice@example.com:" + HASH, "bob@example.com:" + HASH);
        reloading.checkNow();

        assertEquals(2, reloading.current().size());
        assertTrue(reloading.current().authenticate("bob@example.com", "secret".toCharArray()));
    }

    @Test
    void checkNowPicksUpAFileSwappedInBySymlinkAsKubernetesDoes() throws IOException {
        Path first = dir.resolve("..2030_01");
        Files.createDirectory(first);
        Files.writeString(first.resolve("users"), "alice@example.com:" + HASH + "\n");
        Path data = Files.createSymbolicLink(dir.resolve("..data"), first.getFileName());
        file = Files.createSymbolicLink(dir.resolve("users"), Path.of("..data", "users"));
        reloading = new ReloadingUserStore(file, NEVER);

        Path second = Files.createDirectory(dir.resolve("..2030_02"));
        Files.writeString(second.resolve("users"), "bob@example.com:" + HASH + "\n");
        Path newData = Files.createSymbolicLink(dir.resolve("..data_tmp"), second.getFileName());
        Files.move(newData, data, StandardCopyOption.ATOMIC_MOVE);
        reloading.checkNow();

        assertTrue(reloading.current().authenticate("bob@example.com", "secret".toCharArray()));
        assertFalse(reloading.current().authenticate("alice@example.com", "secret".toCharArray()));
    }

    @Test
    void anUnchangedFileIsNotReloaded() throws IOException {
        write("alice@example.com:" + HASH);
        reloading = new ReloadingUserStore(file, NEVER);
        UserStore before = reloading.current();

        reloading.checkNow();

        assertSame(before, reloading.current());
    }

    @Test
    void aBrokenFileKeepsThePreviousStoreUntilItIsFixed() throws IOException {
        write("alice@example.com:" + HASH);
        reloading = new ReloadingUserStore(file, NEVER);

        write("alice@example.com:" + HASH, "bob@example.com:not-a-hash");
        reloading.checkNow();
        assertEquals(1, reloading.current().size());

        write("alice@example.com:" + HASH, "bob@example.com:" + HASH);
        reloading.checkNow();
        assertEquals(2, reloading.current().size());
    }

    @Test
    void aFileThatDisappearsKeepsThePreviousStore() throws IOException {
        write("alice@example.com:" + HASH);
        reloading = new ReloadingUserStore(file, NEVER);

        Files.delete(file);
        reloading.checkNow();

        assertEquals(1, reloading.current().size());
    }

    @Test
    void aMissingFileAtStartGivesAnEmptyStoreUntilTheFileAppears() throws IOException {
        reloading = new ReloadingUserStore(dir.resolve("users"), NEVER);
        assertEquals(0, reloading.current().size());

        write("alice@example.com:" + HASH);
        reloading.checkNow();

        assertEquals(1, reloading.current().size());
    }

    @Test
    void aMalformedFileAtStartFailsConstructionNamingTheLine() throws IOException {
        write("# users", "alice@example.com");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ReloadingUserStore(file, NEVER));
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
    }
}
