// An allow or block list of IP addresses and CIDR ranges, each entry perhaps with a time it expires.
package io.caravan.filter.connection;

import io.caravan.mail.IpRange;

import java.net.InetAddress;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * Written one entry a line, in the configuration or in a file:
 * <pre>
 * # spam run of 4 December
 * 192.0.2.7
 * 198.51.100.0/24  expires=2026-12-31T00:00:00Z
 * 2001:db8::/32    # a comment may follow an entry
 * </pre>
 * An entry whose expiry has passed no longer matches (no reload needed); the time is an ISO-8601
 * date-time with a zone offset or Z.
 */
public final class IpList {

    /** One entry: the range and when it stops counting (null: never). */
    public record Entry(IpRange range, Instant expires) {
        boolean activeAt(Instant now) {
            return expires == null || now.isBefore(expires);
        }
    }

    static final IpList EMPTY = new IpList(List.of());

    private final List<Entry> entries;

    private IpList(List<Entry> entries) {
        this.entries = entries;
    }

    /** Lines of a file: an error names the line ("line 3: ..."). */
    public static IpList parseFile(List<String> lines) {
        return parse(lines, n -> "line " + n);
    }

    /** Entries of a configuration list: an error names the entry ("entry 2: ..."). */
    public static IpList parseEntries(List<String> entries) {
        return parse(entries, n -> "entry " + n);
    }

    /** @throws IllegalArgumentException saying which line is wrong and why */
    private static IpList parse(List<String> lines, IntFunction<String> where) {
        List<Entry> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int hash = line.indexOf('#');
            String[] words = (hash < 0 ? line : line.substring(0, hash)).strip().split("\\s+");
            if (words[0].isEmpty()) {
                continue;
            }
            try {
                out.add(entry(words));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where.apply(i + 1) + ": " + e.getMessage());
            }
        }
        return new IpList(List.copyOf(out));
    }

    private static Entry entry(String[] words) {
        IpRange range = IpRange.parse(words[0]);
        Instant expires = null;
        for (int w = 1; w < words.length; w++) {
            if (!words[w].startsWith("expires=") || expires != null) {
                throw new IllegalArgumentException("'" + words[w] + "' is not expires=<ISO date-time>");
            }
            try {
                expires = OffsetDateTime.parse(words[w].substring("expires=".length())).toInstant();
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("'" + words[w] + "' is not expires=<ISO date-time with offset>,"
                        + " e.g. expires=2026-12-31T00:00:00Z");
            }
        }
        return new Entry(range, expires);
    }

    /** The first entry that holds the address and has not expired. */
    public Optional<Entry> match(InetAddress address, Instant now) {
        for (Entry e : entries) {
            if (e.activeAt(now) && e.range().contains(address)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    public int size() {
        return entries.size();
    }
}
