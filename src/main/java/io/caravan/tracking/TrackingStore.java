// The searchable copy of the tracking log: an embedded H2 database under data-dir/tracking, indexed per column.
package io.caravan.tracking;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.h2.jdbcx.JdbcConnectionPool;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One row per event, and one row per (event, recipient) so that a recipient search is an index lookup. Addresses
 * are {@code VARCHAR_IGNORECASE}: kept as written, compared and indexed regardless of case. {@code link} holds the
 * queue id an event points to (a DSN_SENT's {@code dsnId}, a report's {@code reportsOn}) so a timeline finds the
 * related message in both directions. Times are nanoseconds since the epoch, so order is exact.
 *
 * <p>H2's MVStore writes append-only with a checksummed chunk per commit: after a kill -9 the file opens again at
 * its last commit. Not thread-safe for writes: one writer ({@link TrackingRecorder}); searches may run alongside.
 */
public class TrackingStore implements AutoCloseable {

    /** More events than this in one message's timeline (a loop?) are cut off, oldest kept. */
    static final int TIMELINE_MAX = 5000;

    private static final String[] SCHEMA = {
        "CREATE TABLE IF NOT EXISTS event (id BIGINT PRIMARY KEY, time BIGINT NOT NULL, event VARCHAR(32) NOT NULL,"
                + " queue_id VARCHAR NOT NULL, message_id VARCHAR NOT NULL, sender VARCHAR_IGNORECASE NOT NULL,"
                + " client_ip VARCHAR NOT NULL, link VARCHAR, recipients VARCHAR NOT NULL, details VARCHAR NOT NULL)",
        "CREATE TABLE IF NOT EXISTS event_rcpt (event_id BIGINT NOT NULL,"
                + " rcpt VARCHAR_IGNORECASE NOT NULL, time BIGINT NOT NULL)",
        "CREATE INDEX IF NOT EXISTS event_time ON event(time)",
        "CREATE INDEX IF NOT EXISTS event_queue_id ON event(queue_id, time)",
        "CREATE INDEX IF NOT EXISTS event_message_id ON event(message_id, time)",
        "CREATE INDEX IF NOT EXISTS event_sender ON event(sender, time)",
        "CREATE INDEX IF NOT EXISTS event_client_ip ON event(client_ip, time)",
        "CREATE INDEX IF NOT EXISTS event_event ON event(event, time)",
        "CREATE INDEX IF NOT EXISTS event_link ON event(link)",
        "CREATE INDEX IF NOT EXISTS event_rcpt_rcpt ON event_rcpt(rcpt, time)",
        "CREATE INDEX IF NOT EXISTS event_rcpt_time ON event_rcpt(time)",
    };
    /**
     * H2's page cache, on the Java heap. Its pages live for seconds to minutes, so each young collection copied the
     * whole cache from survivor space to survivor space: with 32 MB, 23 MB of survivors and young pauses of 20–28 ms,
     * which set the SMTP accept latency's p99 (every pause holds up the messages that arrive during it and the commits
     * queued behind it). With 4 MB: 8 MB of survivors, pauses of 9–12 ms. The cost, measured over 300,000 events
     * (bench/tracking-search.sh): inserts 7 % more CPU, searches unchanged, since they read few pages and the
     * operating system caches the file (bench/RESULTS.md, issue 15).
     */
    static final int CACHE_KILOBYTES = 4096;
    /**
     * We close the database ourselves, on shutdown. Small pages cut the bytes written per event (random keys dirty a
     * page each; measured in bench/RESULTS.md). Every write of the file rewrites the last page of each of the eleven
     * trees, garbage by the next write; a write every 10 s, not 2 s, leaves a fifth of that garbage, which H2's
     * background compaction then no longer spends a quarter of Caravan's CPU rewriting after a busy spell (bench/RESULTS.md,
     * issue 15). Searches see a committed event at once; a kill -9 may lose the last 10 s from the index, not from the
     * tracking log file. Compressed pages (LZF) make the file about 40 % smaller for no measurable CPU.
     */
    private static final String OPTIONS = ";DB_CLOSE_ON_EXIT=FALSE;PAGE_SIZE=4096;CACHE_SIZE=" + CACHE_KILOBYTES
            + ";WRITE_DELAY=10000;COMPRESS=TRUE";
    private static final String COLUMNS = "e.id, e.time, e.event, e.queue_id, e.message_id, e.sender, e.client_ip, e.recipients, e.details";

    /** A page of results, newest first; {@code more}: the limit cut off older matches. */
    public record Page(List<TrackingEvent> events, boolean more) {
    }

    /** One message's events and those of the messages it is linked to, oldest first. */
    public record Timeline(String queueId, List<TrackingEvent> events, List<String> related) {
    }

    private final JdbcConnectionPool pool;
    private final Connection writer;
    private long lastId;
    /** Rows deleted per transaction when pruning. */
    int pruneChunk = 10_000;

    private TrackingStore(JdbcConnectionPool pool) throws SQLException {
        this.pool = pool;
        this.writer = pool.getConnection();
        try (Statement s = writer.createStatement()) {
            for (String ddl : SCHEMA) {
                s.execute(ddl);
            }
            try (ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(id), 0) FROM event")) {
                rs.next();
                lastId = rs.getLong(1);
            }
        }
        writer.setAutoCommit(false);
    }

    /** Opens (or creates) the store in this directory. */
    public static TrackingStore open(Path dir) {
        String url = "jdbc:h2:file:" + dir.toAbsolutePath().resolve("events") + OPTIONS;
        JdbcConnectionPool pool = JdbcConnectionPool.create(url, "caravan", "");
        pool.setMaxConnections(8);
        try {
            return new TrackingStore(pool);
        } catch (SQLException e) {
            pool.dispose();
            throw new IllegalStateException("cannot open the tracking store " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Adds these events in one transaction. */
    public void insert(List<TrackingEvent> events) throws SQLException {
        try (PreparedStatement row = writer.prepareStatement(
                "INSERT INTO event (id, time, event, queue_id, message_id, sender, client_ip, link, recipients, details)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
             PreparedStatement rcpt = writer.prepareStatement("INSERT INTO event_rcpt (event_id, rcpt, time) VALUES (?, ?, ?)")) {
            long id = lastId;
            for (TrackingEvent e : events) {
                if (e.time() == null || e.event() == null) {
                    continue; // nothing to order or find it by
                }
                id++;
                long time = nanos(e.time());
                row.setLong(1, id);
                row.setLong(2, time);
                row.setString(3, e.event().name());
                row.setString(4, orEmpty(e.queueId()));
                row.setString(5, orEmpty(e.messageId()));
                row.setString(6, orEmpty(e.sender()));
                row.setString(7, orEmpty(e.clientIp()));
                row.setString(8, link(e));
                row.setString(9, new JsonArray(e.recipients()).encode());
                JsonObject details = new JsonObject();
                e.details().forEach((k, v) -> details.put(k, orEmpty(v)));
                row.setString(10, details.encode());
                row.addBatch();
                Set<String> seen = new LinkedHashSet<>();
                for (String r : e.recipients()) {
                    if (seen.add(r.toLowerCase(Locale.ROOT))) {
                        rcpt.setLong(1, id);
                        rcpt.setString(2, r);
                        rcpt.setLong(3, time);
                        rcpt.addBatch();
                    }
                }
            }
            row.executeBatch();
            rcpt.executeBatch();
            writer.commit();
            lastId = id;
        } catch (SQLException | RuntimeException e) {
            writer.rollback();
            throw e;
        }
    }

    /** The events that match, newest first. */
    public Page search(TrackingQuery q) throws SQLException {
        List<Object> args = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT ").append(COLUMNS);
        String time;
        if (q.recipient().isPresent()) {
            // the recipient's own index carries the time: the range and the order come from it
            sql.append(" FROM event_rcpt r JOIN event e ON e.id = r.event_id WHERE r.rcpt = ?");
            args.add(q.recipient().get());
            time = "r.time";
        } else {
            sql.append(" FROM event e WHERE TRUE");
            time = "e.time";
        }
        condition(sql, args, "e.queue_id = ?", q.queueId());
        condition(sql, args, "e.message_id = ?", q.messageId());
        condition(sql, args, "e.sender = ?", q.sender());
        condition(sql, args, "e.client_ip = ?", q.clientIp());
        condition(sql, args, time + " >= ?", q.start().map(TrackingStore::nanos));
        condition(sql, args, time + " < ?", q.end().map(TrackingStore::nanos));
        if (!q.events().isEmpty()) {
            sql.append(" AND e.event IN (").append(String.join(", ", q.events().stream().map(t -> "?").toList())).append(')');
            q.events().forEach(t -> args.add(t.name()));
        }
        // Leading with the column a filter fixes changes nothing in the order, but lets H2 read that filter's index
        // backwards and stop at the limit, instead of sorting every match (a third of the store for DELIVERED).
        String lead = q.recipient().isPresent() ? "r.rcpt DESC, " : q.queueId().isPresent() ? "e.queue_id DESC, "
                : q.messageId().isPresent() ? "e.message_id DESC, " : q.sender().isPresent() ? "e.sender DESC, "
                : q.clientIp().isPresent() ? "e.client_ip DESC, " : q.events().size() == 1 ? "e.event DESC, " : "";
        sql.append(" ORDER BY ").append(lead).append(time).append(" DESC, e.id DESC FETCH FIRST ").append(q.limit() + 1).append(" ROWS ONLY");
        List<TrackingEvent> found = select(sql.toString(), args);
        boolean more = found.size() > q.limit();
        return new Page(more ? found.subList(0, q.limit()) : found, more);
    }

    /** This message's events with those of the DSN it caused and of the message it reports on; empty when unknown. */
    public Optional<Timeline> timeline(String queueId) throws SQLException {
        List<TrackingEvent> own = select("SELECT " + COLUMNS + " FROM event e WHERE e.queue_id = ? ORDER BY e.time, e.id FETCH FIRST "
                + TIMELINE_MAX + " ROWS ONLY", List.of(queueId));
        if (own.isEmpty()) {
            return Optional.empty();
        }
        Set<String> related = new LinkedHashSet<>();
        for (TrackingEvent e : own) {
            Optional.ofNullable(link(e)).ifPresent(related::add);
        }
        try (Connection c = pool.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT DISTINCT queue_id FROM event WHERE link = ? FETCH FIRST 100 ROWS ONLY")) {
            s.setString(1, queueId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    related.add(rs.getString(1));
                }
            }
        }
        related.remove(queueId);
        related.remove("");
        List<TrackingEvent> events = new ArrayList<>(own);
        for (String id : related) {
            events.addAll(select("SELECT " + COLUMNS + " FROM event e WHERE e.queue_id = ? ORDER BY e.time, e.id FETCH FIRST "
                    + TIMELINE_MAX + " ROWS ONLY", List.of(id)));
        }
        events.sort(java.util.Comparator.comparing(TrackingEvent::time)); // stable: each message keeps its own order
        return Optional.of(new Timeline(queueId, events.size() > TIMELINE_MAX ? events.subList(0, TIMELINE_MAX) : events,
                List.copyOf(related)));
    }

    /**
     * Deletes the events that happened before this instant, and their recipient rows (which carry the same time),
     * in chunks so that no transaction grows large; how many events.
     */
    public long prune(Instant before) throws SQLException {
        deleteBefore("event_rcpt", before);
        return deleteBefore("event", before);
    }

    private long deleteBefore(String table, Instant before) throws SQLException {
        long total = 0;
        try (PreparedStatement s = writer.prepareStatement("DELETE FROM " + table + " WHERE time < ? FETCH FIRST " + pruneChunk + " ROWS ONLY")) {
            s.setLong(1, nanos(before));
            int n;
            do {
                n = s.executeUpdate();
                writer.commit();
                total += n;
            } while (n == pruneChunk);
        } catch (SQLException e) {
            writer.rollback();
            throw e;
        }
        return total;
    }

    /** Megabytes of pages H2 holds in its cache now. */
    int cacheMegabytesUsed() throws SQLException {
        try (Connection c = pool.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'info.CACHE_SIZE'");
             ResultSet rs = s.executeQuery()) {
            rs.next();
            return Integer.parseInt(rs.getString(1));
        }
    }

    /** Closes every connection, which closes the database file (H2 compacts it briefly). */
    @Override
    public void close() {
        try {
            writer.close();
        } catch (SQLException e) {
            // the pool below closes what is left
        }
        pool.dispose();
    }

    private static void condition(StringBuilder sql, List<Object> args, String clause, Optional<?> value) {
        value.ifPresent(v -> {
            sql.append(" AND ").append(clause);
            args.add(v);
        });
    }

    private List<TrackingEvent> select(String sql, List<Object> args) throws SQLException {
        try (Connection c = pool.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.size(); i++) {
                s.setObject(i + 1, args.get(i));
            }
            List<TrackingEvent> events = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    events.add(event(rs));
                }
            }
            return events;
        }
    }

    private static TrackingEvent event(ResultSet rs) throws SQLException {
        long time = rs.getLong(2);
        List<String> recipients = new ArrayList<>();
        new JsonArray(rs.getString(8)).forEach(r -> recipients.add(String.valueOf(r)));
        Map<String, String> details = new LinkedHashMap<>();
        new JsonObject(rs.getString(9)).forEach(d -> details.put(d.getKey(), String.valueOf(d.getValue())));
        return new TrackingEvent(Instant.ofEpochSecond(Math.floorDiv(time, 1_000_000_000L), Math.floorMod(time, 1_000_000_000L)),
                TrackingEvent.Type.valueOf(rs.getString(3)), rs.getString(4), rs.getString(5), rs.getString(6), recipients,
                rs.getString(7), details);
    }

    /** The queue id this event points to: the report it caused, or the message a report is about. */
    private static String link(TrackingEvent e) {
        String dsn = e.details().get("dsnId");
        return dsn != null && !dsn.isEmpty() ? dsn : e.details().get("reportsOn");
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }

    /** Nanoseconds since the epoch, saturated (an event before 1678 or after 2262 is a bug elsewhere, not a crash here). */
    static long nanos(Instant t) {
        try {
            return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
        } catch (ArithmeticException e) {
            return t.getEpochSecond() < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }
}
