// Two packaged Caravan instances on one real Artemis broker, under load: one is killed -9, the other delivers its mail.
package io.caravan.it;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * DESIGN.md, Scale: instances are competing consumers of one broker and keep nothing of their own, so one
 * can die and the other finishes its work. A copy the dead instance was delivering when it died comes back
 * to the survivor, which may send it again: those duplicates are counted (stdout; bench/RESULTS.md).
 */
class SeveralInstancesIT {

    @Test
    void whenOneInstanceIsKilledTheOtherDeliversEveryAcceptedMessageWithAtMostATenthOfAPercentDuplicates() throws Exception {
        try (SeveralInstances world = SeveralInstances.start()) {
            List<Integer> ports = world.startInstances("a", "b");
            try (SmtpLoad load = SmtpLoad.start(6, 20, ports)) {
                Await.until(() -> load.acceptedCount() >= 300, Duration.ofSeconds(60), "300 messages accepted by the two instances");
                world.killInstance(0); // SIGKILL: whatever a held is the broker's again
                int atKill = load.acceptedCount();
                Await.until(() -> load.acceptedCount() >= atKill + 900, Duration.ofSeconds(60), "900 more accepted by the survivor");
                load.close();
                Map<String, Integer> delivered = world.awaitDelivered(load.accepted());
                SeveralInstances.report("SeveralInstancesIT, one instance killed", load, delivered);
                assertEquals(List.of(), world.poisoned(), "no stage failed: a kill must not make poison of what the dead instance held");
                int duplicates = SeveralInstances.duplicates(delivered);
                assertTrue(duplicates * 1000 <= load.acceptedCount(), duplicates + " duplicates for " + load.acceptedCount() + " accepted");
            }
        }
    }
}
