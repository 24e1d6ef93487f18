package io.caravan.queue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

class MessageSpoolTest {

    @Test
    void filesLeftByACrashAreRemoved(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("cos1.tmp"), "part of a large message");
        Files.writeString(dir.resolve("cos2.tmp"), "another");
        assertEquals(2, MessageSpool.clear(dir));
        try (var left = Files.list(dir)) {
            assertEquals(0, left.count());
        }
    }

    @Test
    void aMissingDirectoryIsNothingToDo(@TempDir Path dir) {
        assertEquals(0, MessageSpool.clear(dir.resolve("spool")));
    }
}
