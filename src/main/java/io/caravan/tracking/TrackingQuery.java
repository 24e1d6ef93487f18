// A tracking search as an operator asks it (GET /api/tracking): checked filters, a time range and a result limit.
package io.caravan.tracking;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Exchange's {@code Get-MessageTrackingLog -Recipients -Sender -MessageId -InternalMessageId -EventId -Start -End
 * -ResultSize}. Every filter is optional and they combine with AND; addresses match whole and regardless of case.
 * {@link #parse} turns query parameters into a query or throws {@link IllegalArgumentException} with a message an
 * operator can act on (the API answers it as 400).
 *
 * @param events empty: every event
 * @param start  inclusive, empty: from the oldest kept event
 * @param end    exclusive, empty: up to now and beyond
 */
public record TrackingQuery(Optional<String> queueId, Optional<String> messageId, Optional<String> sender,
        Optional<String> recipient, Set<TrackingEvent.Type> events, Optional<String> clientIp,
        Optional<Instant> start, Optional<Instant> end, int limit) {

    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;
    /** Longer ranges are refused: a search is for troubleshooting, not an export (the JSON log file is the record). */
    public static final Duration MAX_RANGE = Duration.ofDays(400);
    /** Longer than any real address, Message-ID or queue id: refused before it reaches the store. */
    public static final int MAX_PARAMETER_LENGTH = 512;

    static final List<String> PARAMETERS = List.of("queueId", "messageId", "sender", "recipient", "event", "clientIp",
            "start", "end", "limit");

    private static final Pattern QUEUE_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern IP = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    public TrackingQuery {
        events = events.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(events));
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ", not " + limit);
        }
    }

    /** Everything, newest first, up to the limit. */
    public static TrackingQuery all(int limit) {
        return new TrackingQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Set.of(),
                Optional.empty(), Optional.empty(), Optional.empty(), limit);
    }

    /**
     * The query these parameters ask for. Each parameter may be given once; unknown names are refused (a typo
     * such as {@code recipients=} must not silently widen the search to everything).
     *
     * @param now the end of an open range, for the range limit
     */
    public static TrackingQuery parse(Map<String, List<String>> parameters, Instant now) {
        for (Map.Entry<String, List<String>> p : parameters.entrySet()) {
            if (!PARAMETERS.contains(p.getKey())) {
                throw new IllegalArgumentException("unknown parameter " + quote(p.getKey()) + "; known: " + String.join(", ", PARAMETERS));
            }
            if (p.getValue().size() > 1) {
                throw new IllegalArgumentException("give " + p.getKey() + " once");
            }
            if (p.getValue().get(0).length() > MAX_PARAMETER_LENGTH) {
                throw new IllegalArgumentException(p.getKey() + " is longer than " + MAX_PARAMETER_LENGTH + " characters");
            }
        }
        Optional<String> queueId = text(parameters, "queueId");
        queueId.ifPresent(TrackingQuery::checkQueueId);
        Optional<String> clientIp = text(parameters, "clientIp");
        if (clientIp.isPresent() && !IP.matcher(clientIp.get()).matches()) {
            throw new IllegalArgumentException("clientIp must be an IPv4 or IPv6 address, not " + quote(clientIp.get()));
        }
        Optional<Instant> start = text(parameters, "start").map(s -> instant("start", s, false));
        Optional<Instant> end = text(parameters, "end").map(s -> instant("end", s, true));
        if (start.isPresent() && end.isPresent() && !end.get().isAfter(start.get())) {
            throw new IllegalArgumentException("end (" + end.get() + ") must be after start (" + start.get() + ")");
        }
        if (start.isPresent() && Duration.between(start.get(), end.orElse(now)).compareTo(MAX_RANGE) > 0) {
            throw new IllegalArgumentException("the range from start to end is longer than " + MAX_RANGE.toDays() + " days");
        }
        return new TrackingQuery(queueId, text(parameters, "messageId").map(TrackingQuery::withoutBrackets),
                text(parameters, "sender").map(TrackingQuery::withoutBrackets),
                text(parameters, "recipient").map(TrackingQuery::withoutBrackets),
                text(parameters, "event").map(TrackingQuery::events).orElse(Set.of()), clientIp, start, end,
                text(parameters, "limit").map(TrackingQuery::limit).orElse(DEFAULT_LIMIT));
    }

    /** A queue id as Caravan makes them (letters and digits); anything else is a mistake, answered as 400. */
    public static String checkQueueId(String queueId) {
        if (!QUEUE_ID.matcher(queueId).matches()) {
            throw new IllegalArgumentException("a queue id is 1 to 64 letters and digits, not " + quote(queueId));
        }
        return queueId;
    }

    private static Optional<String> text(Map<String, List<String>> parameters, String name) {
        List<String> values = parameters.get(name);
        return values == null || values.isEmpty() || values.get(0).isBlank() ? Optional.empty() : Optional.of(values.get(0).strip());
    }

    /** {@code 2026-12-04T10:00:00Z}, with an offset, or a date (UTC): as an end, a date includes its whole day. */
    private static Instant instant(String name, String value, boolean isEnd) {
        try {
            if (value.length() == 10) {
                LocalDate day = LocalDate.parse(value);
                return (isEnd ? day.plusDays(1) : day).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + " must be an ISO-8601 instant (2026-12-04T10:00:00Z) or date (2026-12-04), not "
                    + quote(value));
        }
    }

    private static Set<TrackingEvent.Type> events(String value) {
        EnumSet<TrackingEvent.Type> events = EnumSet.noneOf(TrackingEvent.Type.class);
        for (String name : value.split(",")) {
            try {
                events.add(TrackingEvent.Type.valueOf(name.strip().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown event " + quote(name.strip()) + "; known: " + EnumSet.allOf(TrackingEvent.Type.class));
            }
        }
        return events;
    }

    private static int limit(String value) {
        try {
            int limit = Integer.parseInt(value);
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new IllegalArgumentException("limit must be a number from 1 to " + MAX_LIMIT + ", not " + quote(value));
    }

    /** People paste addresses and Message-IDs with their angle brackets. */
    private static String withoutBrackets(String value) {
        return value.length() >= 2 && value.startsWith("<") && value.endsWith(">") ? value.substring(1, value.length() - 1) : value;
    }

    /** Echoes what the client sent only as a short, printable, quoted string. */
    private static String quote(String value) {
        String shown = value.length() > 64 ? value.substring(0, 64) + "..." : value;
        return '"' + shown.replaceAll("[^\\x20-\\x7e]", "?").replace("\"", "'") + '"';
    }
}
