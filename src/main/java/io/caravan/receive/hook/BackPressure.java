// MAIL hook: refuses new mail with 452 4.3.1 while disk space under data-dir or free heap runs low, or a declared SIZE will not fit.
package io.caravan.receive.hook;

import io.caravan.config.CaravanConfig;
import io.caravan.mail.Envelope;
import io.caravan.mail.MailAddress;
import io.caravan.mail.RawMessage;
import io.caravan.mail.SmtpReply;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Exchange's back pressure: better a 4xx now, which the client retries, than accepting mail the
 * journal cannot hold. Readings are cached for a second so a burst of MAIL commands costs nothing;
 * service resumes by itself when space returns. A message of 1 MiB or more is spooled to disk while
 * it is received and queued (never held whole in the heap), so a MAIL whose SIZE (RFC 1870) would
 * not fit in the free disk space now is deferred too.
 */
@Singleton
public class BackPressure implements MailHook, EndOfDataHook {

    private static final Logger LOG = Logger.getLogger(BackPressure.class);
    private static final long RECHECK_NANOS = 1_000_000_000L;
    /** Copies of a large message on disk at the peak: the receive spool, the broker's file, a stage's spool. */
    static final int COPIES_ON_DISK = 3;

    private final File dataDir;
    private volatile long minFreeDisk;
    private volatile long minFreeHeap;
    private volatile long checkedAt = System.nanoTime() - RECHECK_NANOS;
    private volatile String shortage;
    private volatile long freeDiskReading = Long.MAX_VALUE;
    /** Bytes of mail accepted since the last reading, times the copies each may take: the reading is up to a second old. */
    private final AtomicLong acceptedSinceReading = new AtomicLong();

    public BackPressure(CaravanConfig config) {
        this.dataDir = new File(config.dataDir());
        this.minFreeDisk = config.backPressure().minFreeDisk().asLongValue();
        this.minFreeHeap = config.backPressure().minFreeHeap().asLongValue();
    }

    @Override
    public HookResult onMail(SessionInfo session, MailAddress sender, Map<String, String> parameters) {
        String why = shortage();
        if (why != null) {
            return HookResult.defer(SmtpReply.of(452, "4.3.1", "Insufficient system storage (" + why + "), try again later"));
        }
        long declared = declaredSize(parameters);
        if (spareDisk() <= 0 || declared > 0 && declared > spareDisk() / COPIES_ON_DISK) {
            return HookResult.defer(SmtpReply.of(452, "4.3.1",
                    "Insufficient system storage for a message of " + declared + " bytes now, try again later"));
        }
        return HookResult.next();
    }

    /**
     * Charges each message before its 250 with the copies it may take, against a reading that is up to
     * a second old: a burst of large messages inside that second must not fill the disk, because the
     * broker stops for good when its journal meets a full disk. A message that would take the free
     * space below min-free-disk gets 452 4.3.1 now, and the client sends it again later.
     */
    @Override
    public HookResult onEndOfData(SessionInfo session, Envelope envelope, RawMessage message) {
        shortage(); // a fresh reading when the last is a second old
        long charge = message.size() * COPIES_ON_DISK;
        if (acceptedSinceReading.addAndGet(charge) > freeDiskReading - minFreeDisk) {
            acceptedSinceReading.addAndGet(-charge);
            return HookResult.defer(SmtpReply.of(452, "4.3.1",
                    "Insufficient system storage for a message of " + message.size() + " bytes now, try again later"));
        }
        return HookResult.next();
    }

    /** Free disk above min-free-disk, less what was accepted since the reading. */
    private long spareDisk() {
        return freeDiskReading - minFreeDisk - acceptedSinceReading.get();
    }

    private static long declaredSize(Map<String, String> parameters) {
        try {
            return Long.parseLong(parameters.getOrDefault("SIZE", "0"));
        } catch (NumberFormatException e) {
            return 0; // MAIL has already refused a malformed SIZE
        }
    }

    /**
     * Heap not held by live objects: the maximum less what the heap pools kept after their last
     * collection. Counting current usage instead would count garbage the next collection frees.
     */
    public static long freeHeap() {
        long live = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            MemoryUsage afterGc = pool.getType() == MemoryType.HEAP ? pool.getCollectionUsage() : null;
            live += afterGc == null ? 0 : afterGc.getUsed();
        }
        return Runtime.getRuntime().maxMemory() - live;
    }

    /** Space the process may use on the file system of data-dir (where the journal and the spool are). */
    public long freeDisk() {
        File dir = dataDir.exists() ? dataDir : dataDir.getAbsoluteFile().getParentFile();
        return dir == null ? Long.MAX_VALUE : dir.getUsableSpace();
    }

    /** What is short, or null; re-read at most once a second. */
    String shortage() {
        long now = System.nanoTime();
        if (now - checkedAt >= RECHECK_NANOS) {
            checkedAt = now;
            String before = shortage;
            shortage = measure();
            if (shortage != null && before == null) {
                LOG.warnf("Back pressure on: %s; new mail gets 452 4.3.1", shortage);
            } else if (shortage == null && before != null) {
                LOG.infof("Back pressure off: accepting mail again");
            }
        }
        return shortage;
    }

    private String measure() {
        long freeDisk = freeDisk();
        freeDiskReading = freeDisk;
        acceptedSinceReading.set(0); // what was accepted is on disk now, in this reading
        if (freeDisk < minFreeDisk) {
            return "free disk " + freeDisk / (1024 * 1024) + " MB under data-dir";
        }
        long freeHeap = freeHeap();
        if (freeHeap < minFreeHeap) {
            return "free heap " + freeHeap / (1024 * 1024) + " MB";
        }
        return null;
    }

    /** For operations and tests: change the thresholds at run time; takes effect at the next check. */
    public void thresholds(long minFreeDiskBytes, long minFreeHeapBytes) {
        this.minFreeDisk = minFreeDiskBytes;
        this.minFreeHeap = minFreeHeapBytes;
        this.checkedAt = System.nanoTime() - RECHECK_NANOS;
    }
}
