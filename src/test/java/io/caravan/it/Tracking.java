// Reads the message tracking log the running Caravan writes under its data directory.
package io.caravan.it;

import org.eclipse.microprofile.config.ConfigProvider;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

final class Tracking {

    private Tracking() {
    }

    /** The event part of each line about a queue id ("DELIVERED id=..."), without the timestamp. */
    static List<String> lines(String queueId) {
        Path log = Path.of(ConfigProvider.getConfig().getValue("caravan.data-dir", String.class), "tracking.log");
        try {
            if (!Files.exists(log)) {
                return List.of();
            }
            return Files.readAllLines(log).stream().filter(l -> l.contains("id=" + queueId + " "))
                    .map(l -> l.substring(l.indexOf(' ') + 1)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
