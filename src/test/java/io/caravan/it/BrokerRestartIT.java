// Two packaged Caravan instances under load while their external broker is killed -9 and started again.
package io.caravan.it;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * DESIGN.md invariant 1 with an external broker: while it is gone every transaction ends in 451 4.3.0,
 * never 250, mostly at once (queue/BrokerOutage); a connection that was being opened as the broker died
 * can hold the client factory for its call-timeout, 30 s, well within an SMTP client's 10 minutes for the
 * reply to DATA. Once the broker is back each instance accepts and
 * delivers again with no one's help, and everything that got 250 arrives. Copies being delivered when the
 * broker died are delivered again (their acknowledgement was lost): counted on stdout, not judged here.
 */
class BrokerRestartIT {

    @Test
    void whileTheBrokerIsDownClientsGet451AndDeliveryResumesWhenItIsBack() throws Exception {
        try (SeveralInstances world = SeveralInstances.start()) {
            List<Integer> ports = world.startInstances("a", "b");
            try (SmtpLoad load = SmtpLoad.start(6, 20, ports)) {
                Await.until(() -> load.acceptedCount() >= 150, Duration.ofSeconds(60), "150 messages accepted");
                world.broker.kill();
                long down = System.nanoTime();
                for (int port : ports) {
                    Await.until(() -> load.outcomes().stream()
                                    .filter(o -> o.port() == port && o.beganNanos() > down && o.reply().startsWith("451 4.3.0")).count() >= 10,
                            Duration.ofSeconds(45), "clients of port " + port + " answered 451 4.3.0 while the broker is down");
                }
                long up = System.nanoTime();
                world.broker.start();
                List<SmtpLoad.Outcome> whileDown = load.outcomes().stream()
                        .filter(o -> o.beganNanos() > down && o.endedNanos() < up).toList();
                assertEquals(List.of("451 4.3.0 Temporary failure, message not queued; try again later"),
                        whileDown.stream().map(SmtpLoad.Outcome::reply).distinct().toList(), "the replies while the broker was down");
                for (int port : ports) {
                    Await.until(() -> load.outcomes().stream().anyMatch(o -> o.port() == port && o.beganNanos() > up && o.accepted()),
                            Duration.ofSeconds(60), "the instance on port " + port + " to accept mail again by itself");
                }
                int afterRestart = load.acceptedCount();
                Await.until(() -> load.acceptedCount() >= afterRestart + 150, Duration.ofSeconds(60), "150 more accepted");
                load.close();
                Map<String, Integer> delivered = world.awaitDelivered(load.accepted());
                SeveralInstances.report("BrokerRestartIT, broker killed and restarted", load, delivered);
            }
        }
    }
}
