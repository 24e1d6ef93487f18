package io.caravan.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A file read again when it changes, looked at no more often than asked, and never emptied by a bad edit. */
class ReloadingFileTest {

    @TempDir
    Path dir;

    private final AtomicLong nanos = new AtomicLong(1_000);

    /** A parser that refuses a line "bad", as a real list refuses a malformed entry. */
    private static List<String> strict(List<String> lines) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).equals("bad")) {
                throw new IllegalArgumentException("line " + (i + 1) + ": 'bad' is bad");
            }
        }
        return List.copyOf(lines);
    }

    private ReloadingFile<List<String>> watch(Path file) {
        return new ReloadingFile<>(file, Duration.ofSeconds(5), ReloadingFileTest::strict, nanos::get);
    }

    /** Replaced as editors and ConfigMaps do: a new file renamed over the old one. */
    private void replace(Path file, String text) throws IOException {
        Path fresh = Files.writeString(dir.resolve("fresh"), text);
        Files.move(fresh, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Test
    void aChangeIsSeenOnceTheCheckIntervalHasPassed() throws IOException {
        Path file = Files.writeString(dir.resolve("list"), "one\n");
        ReloadingFile<List<String>> list = watch(file);
        replace(file, "one\ntwo\n");
        assertEquals(List.of("one"), list.current(), "not looked at again before the interval");
        nanos.addAndGet(Duration.ofSeconds(5).toNanos());
        assertEquals(List.of("one", "two"), list.current());
    }

    @Test
    void aFileThatNoLongerParsesKeepsWhatWasReadBefore() throws IOException {
        Path file = Files.writeString(dir.resolve("list"), "one\n");
        ReloadingFile<List<String>> list = watch(file);
        replace(file, "one\nbad\n");
        nanos.addAndGet(Duration.ofSeconds(6).toNanos());
        assertEquals(List.of("one"), list.current());
        replace(file, "three\n");
        nanos.addAndGet(Duration.ofSeconds(6).toNanos());
        assertEquals(List.of("three"), list.current(), "the next good edit is taken");
    }

    @Test
    void aVanishedFileKeepsWhatWasReadBeforeAndIsReadWhenItReturns() throws IOException {
        Path file = Files.writeString(dir.resolve("list"), "one\n");
        ReloadingFile<List<String>> list = watch(file);
        Files.delete(file);
        nanos.addAndGet(Duration.ofSeconds(6).toNanos());
        assertEquals(List.of("one"), list.current());
        Files.writeString(file, "back\n");
        nanos.addAndGet(Duration.ofSeconds(6).toNanos());
        assertEquals(List.of("back"), list.current());
    }

    @Test
    void aMissingOrMalformedFileAtStartIsAnErrorNamingTheFileAndLine() throws IOException {
        Path missing = dir.resolve("missing");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> watch(missing));
        assertEquals(missing + " does not exist", e.getMessage());
        Path bad = Files.writeString(dir.resolve("bad"), "ok\nbad\n");
        e = assertThrows(IllegalArgumentException.class, () -> watch(bad));
        assertTrue(e.getMessage().equals(bad + ": line 2: 'bad' is bad"), e.getMessage());
    }
}
