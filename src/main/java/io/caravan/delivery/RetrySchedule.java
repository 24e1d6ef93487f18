// The readable retry schedule of caravan.delivery.retry, e.g. "1m, 5m*2, 30m*4, 2h*...".
package io.caravan.delivery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Comma-separated steps; {@code 5m*2} repeats a delay twice, {@code 2h*...} repeats it for ever
 * (and must come last). The delay after attempt n is the n-th step; past the end, the last step.
 */
public final class RetrySchedule {

    private final List<Duration> steps;

    private RetrySchedule(List<Duration> steps) {
        this.steps = steps;
    }

    /** @throws IllegalArgumentException saying which step is wrong */
    public static RetrySchedule parse(String text) {
        List<Duration> steps = new ArrayList<>();
        String[] parts = text.split(",", -1);
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i].strip();
            if (part.isEmpty()) {
                throw new IllegalArgumentException("'': step " + (i + 1) + " of '" + text + "' is empty (stray comma?)");
            }
            String[] delayAndCount = part.split("\\*", 2);
            Duration delay = duration(delayAndCount[0].strip(), part);
            int count = 1;
            if (delayAndCount.length == 2) {
                String n = delayAndCount[1].strip();
                if (n.equals("...")) {
                    if (i != parts.length - 1) {
                        throw new IllegalArgumentException("'" + part + "': only the last step may repeat for ever (*...)");
                    }
                } else {
                    try {
                        count = Integer.parseInt(n);
                    } catch (NumberFormatException e) {
                        count = 0;
                    }
                    if (count < 1 || count > 1000) {
                        throw new IllegalArgumentException("'" + part + "': repeat count must be 1-1000 or ...");
                    }
                }
            }
            for (int k = 0; k < count; k++) {
                steps.add(delay);
            }
        }
        return new RetrySchedule(List.copyOf(steps));
    }

    private static Duration duration(String d, String part) {
        String s = d.toLowerCase(Locale.ROOT);
        if (!s.matches("\\d+(ms|s|m|h|d)")) {
            throw new IllegalArgumentException("'" + part + "': a delay is a number with ms, s, m, h or d, e.g. 5m");
        }
        String unit = s.replaceAll("\\d+", "");
        long n = Long.parseLong(s.substring(0, s.length() - unit.length()));
        Duration delay = switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
        if (delay.isZero()) {
            throw new IllegalArgumentException("'" + part + "': a retry delay must be more than zero");
        }
        return delay;
    }

    /** Delay before the next attempt, after {@code attemptsMade} failed attempts (1 or more). */
    public Duration delayAfter(int attemptsMade) {
        int index = Math.max(0, Math.min(attemptsMade - 1, steps.size() - 1));
        return steps.get(index);
    }
}
