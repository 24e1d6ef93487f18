// Point 4 of the checklist: next hops with deferrals and failures in the tracking log, grouped by cause, with the latest reply and our advice.
package io.caravan.diagnostics.trouble;

import io.caravan.bounce.Explanations;
import io.caravan.diagnostics.DiagnosticCheck;
import io.caravan.diagnostics.Findings;
import io.caravan.mail.SmtpReply;
import io.caravan.tracking.TrackingEvent;
import io.caravan.tracking.TrackingQuery;
import io.caravan.tracking.TrackingStore;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Reads the newest {@link TrackingQuery#MAX_LIMIT} DEFERRED, FAILED and EXPIRED events of the window
 * from the tracking store. One finding per (next hop, cause), newest first: a warning for deferrals
 * only, a failure once mail bounced. The advice is the one delivery reports give ({@link Explanations}).
 */
public final class RecentTrouble implements DiagnosticCheck {

    public static final String SECTION = "recent trouble";

    private static final Set<TrackingEvent.Type> TROUBLE = Set.of(TrackingEvent.Type.DEFERRED, TrackingEvent.Type.FAILED, TrackingEvent.Type.EXPIRED);

    private final Supplier<TrackingStore> store;
    private final Duration window;
    private final Clock clock;
    private final Optional<String> nextHop;

    public RecentTrouble(Supplier<TrackingStore> store, Duration window, Clock clock) {
        this(store, window, clock, Optional.empty());
    }

    /** @param nextHop only this next hop's trouble (a destination's), or every next hop's */
    public RecentTrouble(Supplier<TrackingStore> store, Duration window, Clock clock, Optional<String> nextHop) {
        this.store = store;
        this.window = window;
        this.clock = clock;
        this.nextHop = nextHop;
    }

    /** What one next hop had of one cause. */
    private static final class Group {
        final String nextHop;
        final Cause cause;
        int deferred;
        int failed;
        final TrackingEvent latest;
        final SmtpReply reply;

        Group(String nextHop, Cause cause, TrackingEvent latest, SmtpReply reply) {
            this.nextHop = nextHop;
            this.cause = cause;
            this.latest = latest;
            this.reply = reply;
        }
    }

    @Override
    public void run(Findings out) {
        Instant now = clock.instant();
        TrackingStore.Page page;
        try {
            page = store.get().search(new TrackingQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), TROUBLE,
                    Optional.empty(), Optional.of(now.minus(window)), Optional.empty(), TrackingQuery.MAX_LIMIT));
        } catch (Exception e) {
            out.warning("tracking log", "The tracking log could not be read, so recent trouble is unknown.", String.valueOf(e.getMessage()),
                    "Check caravan.tracking.* and the start-up log of the tracking store.");
            return;
        }
        Map<String, Group> groups = new LinkedHashMap<>();
        for (TrackingEvent e : page.events()) { // newest first: the first of a group is its latest
            SmtpReply reply = reply(e);
            String nextHop = e.details().getOrDefault("nextHop", e.details().getOrDefault("host", "(unknown next hop)"));
            if (this.nextHop.isPresent() && !this.nextHop.get().equalsIgnoreCase(nextHop)) {
                continue;
            }
            Cause cause = Cause.of(reply);
            Group g = groups.computeIfAbsent(nextHop + "\u0000" + cause, k -> new Group(nextHop, cause, e, reply));
            if (e.event() == TrackingEvent.Type.DEFERRED) {
                g.deferred += e.recipients().size();
            } else {
                g.failed += e.recipients().size();
            }
        }
        String span = "the last " + words(window);
        if (groups.isEmpty()) {
            out.ok("tracking log", "No deferrals or failures" + nextHop.map(h -> " for next hop " + h).orElse("") + " in " + span + ".", "");
            return;
        }
        for (Group g : groups.values()) {
            String step = g.nextHop + " (" + g.cause.word() + ")";
            String summary = g.nextHop + ": " + counts(g) + " in " + span + ", cause: " + g.cause.word() + ".";
            String evidence = "latest " + g.latest.time() + " " + g.latest.event() + " " + g.latest.queueId() + ": " + g.reply
                    + Optional.ofNullable(g.latest.details().get("host")).map(h -> " (host " + h + ")").orElse("");
            String fix = Explanations.whatHappened(g.reply) + " " + Explanations.advice(g.reply);
            if (g.failed > 0) {
                out.failure(step, summary, evidence, fix);
            } else {
                out.warning(step, summary, evidence, fix);
            }
        }
        if (page.more()) {
            out.warning("tracking log", "More than " + TrackingQuery.MAX_LIMIT + " troubled deliveries in " + span + "; only the newest were read.", "",
                    "Narrow the window (window=15m) to see the latest picture.");
        }
    }

    private static String counts(Group g) {
        return (g.failed > 0 ? g.failed + " recipient(s) failed" : "") + (g.failed > 0 && g.deferred > 0 ? ", " : "")
                + (g.deferred > 0 ? g.deferred + " deferral(s)" : "");
    }

    private static SmtpReply reply(TrackingEvent e) {
        String wire = e.details().getOrDefault("reply", "");
        try {
            return SmtpReply.parse(wire);
        } catch (IllegalArgumentException ex) {
            return SmtpReply.of(e.event() == TrackingEvent.Type.DEFERRED ? 451 : 554, "", wire);
        }
    }

    static String words(Duration d) {
        if (d.toMinutes() % 60 == 0 && d.toHours() > 0) {
            return d.toHours() == 1 ? "hour" : d.toHours() + " hours";
        }
        return d.toMinutes() > 0 ? d.toMinutes() + " minutes" : d.toSeconds() + " seconds";
    }
}
