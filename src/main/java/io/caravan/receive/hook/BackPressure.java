// MAIL hook: refuses new mail with 452 4.3.1 while disk space under data-dir or free heap runs low.
package io.caravan.receive.hook;

import io.caravan.config.CaravanConfig;
import io.caravan.mail.MailAddress;
import io.caravan.mail.SmtpReply;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.io.File;
import java.util.Map;

/**
 * Exchange's back pressure: better a 4xx now, which the client retries, than accepting mail the
 * journal cannot hold. Readings are cached for a second so a burst of MAIL commands costs nothing;
 * service resumes by itself when space returns.
 */
@Singleton
public class BackPressure implements MailHook {

    private static final Logger LOG = Logger.getLogger(BackPressure.class);
    private static final long RECHECK_NANOS = 1_000_000_000L;

    private final File dataDir;
    private volatile long minFreeDisk;
    private volatile long minFreeHeap;
    private volatile long checkedAt = System.nanoTime() - RECHECK_NANOS;
    private volatile String shortage;

    public BackPressure(CaravanConfig config) {
        this.dataDir = new File(config.dataDir());
        this.minFreeDisk = config.backPressure().minFreeDisk().asLongValue();
        this.minFreeHeap = config.backPressure().minFreeHeap().asLongValue();
    }

    @Override
    public HookResult onMail(SessionInfo session, MailAddress sender, Map<String, String> parameters) {
        String why = shortage();
        return why == null ? HookResult.next()
                : HookResult.defer(SmtpReply.of(452, "4.3.1", "Insufficient system storage (" + why + "), try again later"));
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
        File dir = dataDir.exists() ? dataDir : dataDir.getAbsoluteFile().getParentFile();
        long freeDisk = dir == null ? Long.MAX_VALUE : dir.getUsableSpace();
        if (freeDisk < minFreeDisk) {
            return "free disk " + freeDisk / (1024 * 1024) + " MB under data-dir";
        }
        Runtime rt = Runtime.getRuntime();
        long freeHeap = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
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
