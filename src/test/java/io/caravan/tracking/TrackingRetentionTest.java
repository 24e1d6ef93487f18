// TrackingRetention: rotated tracking logs older than the retention are deleted; the live file and recent ones stay.
package io.caravan.tracking;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrackingRetentionTest {

    @TempDir
    Path dir;

    private Path file(String name, Instant written) throws Exception {
        Path f = Files.writeString(dir.resolve(name), "{}\n");
        Files.setLastModifiedTime(f, FileTime.from(written));
        return f;
    }

    @Test
    void rotatedFilesOlderThanTheRetentionAreDeleted() throws Exception {
        Instant now = Instant.parse("2026-12-31T12:00:00Z");
        Path live = file("tracking.log", now.minus(Duration.ofDays(90)));
        Path old = file("tracking.log.2026-11-01", Instant.parse("2026-11-01T23:59:59Z"));
        Path oldPiece = file("tracking.log.2026-11-01.1", Instant.parse("2026-11-01T13:00:00Z"));
        Path recent = file("tracking.log.2026-12-30", Instant.parse("2026-12-30T23:59:59Z"));
        Path other = file("audit.log.2026-11-01", Instant.parse("2026-11-01T23:59:59Z"));

        assertEquals(2, TrackingRetention.prune(dir, Duration.ofDays(30), now));

        assertFalse(Files.exists(old));
        assertFalse(Files.exists(oldPiece));
        assertTrue(Files.exists(recent));
        assertTrue(Files.exists(live), "the file being written is never deleted");
        assertTrue(Files.exists(other), "only tracking logs");
    }

    @Test
    void aMissingDataDirectoryIsNothingToDo() throws Exception {
        assertEquals(0, TrackingRetention.prune(dir.resolve("absent"), Duration.ofDays(30), Instant.now()));
    }
}
