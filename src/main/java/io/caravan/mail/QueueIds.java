// Makes queue ids: short, unique, sortable by arrival, safe in headers, file names and JMS properties.
package io.caravan.mail;

import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

public final class QueueIds {

    private QueueIds() {
    }

    /** Arrival milliseconds in base 36, then 6 random base-36 characters (2e9 choices per millisecond). */
    public static String next() {
        String time = Long.toString(System.currentTimeMillis(), 36);
        String random = Long.toString(ThreadLocalRandom.current().nextLong(2_176_782_336L) + 2_176_782_336L, 36).substring(1);
        return (time + random).toUpperCase(Locale.ROOT);
    }
}
