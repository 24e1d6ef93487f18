// BackPressure: new mail gets 452 4.3.1 while disk or heap runs low, or a declared SIZE will not fit on disk.
package io.caravan.receive.hook;

import static io.caravan.receive.hook.HookFixtures.SENDER;
import static io.caravan.receive.hook.HookFixtures.anonymous;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.caravan.config.CaravanConfig;
import io.caravan.mail.RawMessage;
import io.quarkus.runtime.configuration.MemorySize;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackPressureTest {

    @TempDir
    Path dataDir;

    /** Thresholds of zero: nothing is ever short until a test raises them. */
    private BackPressure hook() {
        CaravanConfig.BackPressure limits = HookFixtures.stub(CaravanConfig.BackPressure.class, m -> switch (m) {
            case "minFreeDisk", "minFreeHeap" -> new MemorySize(BigInteger.ZERO);
            default -> null;
        });
        return new BackPressure(HookFixtures.core(m -> switch (m) {
            case "dataDir" -> dataDir.toString();
            case "backPressure" -> limits;
            default -> null;
        }));
    }

    @Test
    void withSpaceToSpareMailGoesOn() {
        assertEquals(HookResult.next(), hook().onMail(anonymous("192.0.2.1"), SENDER, Map.of("SIZE", "1000")));
    }

    @Test
    void belowTheFreeDiskThresholdNewMailIsDeferredWith452() {
        BackPressure hook = hook();
        hook.thresholds(Long.MAX_VALUE, 0);

        HookResult r = hook.onMail(anonymous("192.0.2.1"), SENDER, Map.of());

        assertEquals(HookResult.Decision.DEFER, r.decision());
        assertEquals(452, r.reply().code());
        assertEquals("4.3.1", r.reply().enhancedCode());
        assertTrue(r.reply().text().contains("under data-dir"), r.reply().text());
    }

    @Test
    void belowTheFreeHeapThresholdNewMailIsDeferredWith452() {
        BackPressure hook = hook();
        hook.thresholds(0, Long.MAX_VALUE);

        HookResult r = hook.onMail(anonymous("192.0.2.1"), SENDER, Map.of());

        assertEquals(HookResult.Decision.DEFER, r.decision());
        assertTrue(r.reply().text().contains("free heap"), r.reply().text());
    }

    @Test
    void aDeclaredSizeThatWouldNotFitThreeTimesOnDiskIsDeferred() {
        BackPressure hook = hook();
        long tooBig = 1L << 52; // 4 PiB: more than a third of any disk here
        assertTrue(tooBig > hook.freeDisk() / BackPressure.COPIES_ON_DISK);

        HookResult r = hook.onMail(anonymous("192.0.2.1"), SENDER, Map.of("SIZE", Long.toString(tooBig)));

        assertEquals(HookResult.Decision.DEFER, r.decision());
        assertEquals("Insufficient system storage for a message of " + tooBig + " bytes now, try again later", r.reply().text());
    }

    @Test
    void serviceResumesByItselfWhenSpaceReturns() {
        BackPressure hook = hook();
        hook.thresholds(Long.MAX_VALUE, 0);
        assertEquals(HookResult.Decision.DEFER, hook.onMail(anonymous("192.0.2.1"), SENDER, Map.of()).decision());

        hook.thresholds(0, 0);

        assertEquals(HookResult.next(), hook.onMail(anonymous("192.0.2.1"), SENDER, Map.of()));
    }

    @Test
    void messagesAcceptedSinceTheLastReadingAreChargedSoABurstCannotFillTheDisk() {
        BackPressure hook = hook();
        long spare = 100L << 20;
        hook.thresholds(hook.freeDisk() - spare, 0); // 100 MiB above the threshold
        RawMessage twentyMiB = RawMessage.of(new byte[20 << 20]); // charged three times: 60 MiB

        assertEquals(HookResult.next(), hook.onEndOfData(anonymous("192.0.2.1"), null, twentyMiB));
        HookResult second = hook.onEndOfData(anonymous("192.0.2.1"), null, twentyMiB);

        assertEquals(HookResult.Decision.DEFER, second.decision());
        assertEquals("452 4.3.1", second.reply().code() + " " + second.reply().enhancedCode());
    }
}
