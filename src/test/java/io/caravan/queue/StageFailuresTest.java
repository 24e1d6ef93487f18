// The stage failure count that decides poison: failures count per copy, a success forgets, the limit diverts.
package io.caravan.queue;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class StageFailuresTest {

    private final DefaultCamelContext context = new DefaultCamelContext();
    private final StageFailures failures = new StageFailures(3, null);

    private Exchange copy(String id, Exception failure) {
        Exchange e = new DefaultExchange(context);
        e.getIn().setHeader("JMSMessageID", id);
        e.setException(failure);
        return e;
    }

    @Test
    void aCopyIsPoisonOnlyAfterTheLimitOfFailuresAndASuccessForgetsItsFailures() {
        failures.done(copy("ID:1", new IllegalStateException("boom")), "caravan.delivery");
        failures.done(copy("ID:1", new IllegalStateException("boom")), "caravan.delivery");
        failures.done(copy("ID:1", null), "caravan.delivery"); // a third delivery succeeded
        failures.done(copy("ID:1", new IllegalStateException("boom")), "caravan.delivery");
        assertFalse(failures.poisoned(copy("ID:1", null), "caravan.delivery"), "1 failure since the success, limit 3");
    }

    @Test
    void deliveriesThatNeverFailedAreNeverPoisonWhateverTheBrokerCounted() {
        Exchange redelivered = copy("ID:2", null);
        redelivered.getIn().setHeader("JMSXDeliveryCount", 50); // a killed instance's consumers passed it around
        assertFalse(failures.poisoned(redelivered, "caravan.delivery"));
    }

    @Test
    void failuresOfOtherCopiesDoNotAddUp() {
        failures.done(copy("ID:3", new IllegalStateException("boom")), "caravan.submission");
        failures.done(copy("ID:4", new IllegalStateException("boom")), "caravan.submission");
        failures.done(copy("ID:5", new IllegalStateException("boom")), "caravan.submission");
        assertFalse(failures.poisoned(copy("ID:3", null), "caravan.submission"));
    }
}
