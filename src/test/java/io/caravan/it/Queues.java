// Reads what sits on a Caravan queue, for assertions (a JMS QueueBrowser: nothing is consumed).
package io.caravan.it;

import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.QueueBrowser;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.HashMap;
import java.util.function.Predicate;

final class Queues {

    private Queues() {
    }

    /** Properties of every message on the queue whose CaravanQueueId is queueId. */
    static List<Map<String, Object>> browse(ConnectionFactory cf, String queue, String queueId) {
        return browse(cf, queue, "CaravanQueueId", queueId);
    }

    /** Properties of every message on the queue whose string property has the value. */
    static List<Map<String, Object>> browse(ConnectionFactory cf, String queue, String property, String value) {
        return browse(cf, queue, m -> value.equals(m.getStringProperty(property)));
    }

    /** Properties of every message on the queue. */
    static List<Map<String, Object>> all(ConnectionFactory cf, String queue) {
        return browse(cf, queue, m -> true);
    }

    private interface Filter {
        boolean test(Message m) throws JMSException;
    }

    private static List<Map<String, Object>> browse(ConnectionFactory cf, String queue, Filter filter) {
        List<Map<String, Object>> out = new ArrayList<>();
        try (JMSContext ctx = cf.createContext(); QueueBrowser browser = ctx.createBrowser(ctx.createQueue(queue))) {
            for (Object o : Collections.list(browser.getEnumeration())) {
                Message m = (Message) o;
                if (filter.test(m)) {
                    Map<String, Object> props = new HashMap<>();
                    for (Object name : Collections.list(m.getPropertyNames())) {
                        props.put((String) name, m.getObjectProperty((String) name));
                    }
                    out.add(props);
                }
            }
        } catch (JMSException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    /** Polls until a message of queueId on the queue matches, or fails after the timeout. */
    static Map<String, Object> await(ConnectionFactory cf, String queue, String queueId, Predicate<Map<String, Object>> match,
            Duration timeout) {
        return Await.until(() -> browse(cf, queue, queueId).stream().filter(match).findFirst().orElse(null),
                timeout, "a message of " + queueId + " on " + queue);
    }
}
