// Test stand-in for the jms: component of the YAML routes: a copy sent to a queue is recorded; a test hands copies to a route's consumer.
package io.caravan.routes;

import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultComponent;
import org.apache.camel.support.DefaultConsumer;
import org.apache.camel.support.DefaultEndpoint;
import org.apache.camel.support.DefaultProducer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Registered as {@code jms} in a plain Camel context, so a route file is loaded unchanged: its JMS
 * options (transacted, concurrentConsumers, jmsMessageType...) are accepted and ignored. Sends run
 * on the caller's thread, so when {@link #offer} returns the route has finished with the copy.
 */
public final class QueueStub extends DefaultComponent {

    private final Map<String, List<Exchange>> sent = new ConcurrentHashMap<>();
    private final Map<String, Processor> consumers = new ConcurrentHashMap<>();
    private volatile RuntimeException sendFailure;

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) {
        parameters.clear(); // options that mean something to JMS only
        String queue = remaining.startsWith("queue:") ? remaining.substring("queue:".length()) : remaining;
        return new QueueEndpoint(uri, this, queue);
    }

    /** Hands a copy to the route consuming the queue, as the broker would; returns the finished exchange. */
    public Exchange offer(String queue, Object body, Map<String, Object> headers) {
        Processor consumer = consumers.get(queue);
        if (consumer == null) {
            throw new IllegalStateException("no route consumes " + queue + "; consumers: " + consumers.keySet());
        }
        Exchange exchange = getCamelContext().getEndpoint("jms:queue:" + queue).createExchange();
        exchange.getIn().setBody(body);
        exchange.getIn().getHeaders().putAll(headers);
        try {
            consumer.process(exchange);
        } catch (Exception e) {
            exchange.setException(e);
        }
        return exchange;
    }

    /** The copies sent to a queue so far, oldest first. */
    public List<Exchange> sent(String queue) {
        return List.copyOf(sent.getOrDefault(queue, List.of()));
    }

    /** Makes every send fail, as with a broker gone away; null sends normally again. */
    public void failSends(RuntimeException failure) {
        this.sendFailure = failure;
    }

    private final class QueueEndpoint extends DefaultEndpoint {

        private final String queue;

        QueueEndpoint(String uri, QueueStub component, String queue) {
            super(uri, component);
            this.queue = queue;
        }

        @Override
        public Producer createProducer() {
            return new DefaultProducer(this) {
                @Override
                public void process(Exchange exchange) {
                    RuntimeException failure = sendFailure;
                    if (failure != null) {
                        throw failure;
                    }
                    sent.computeIfAbsent(queue, q -> java.util.Collections.synchronizedList(new ArrayList<>())).add(exchange.copy());
                }
            };
        }

        @Override
        public Consumer createConsumer(Processor processor) {
            return new DefaultConsumer(this, processor) {
                @Override
                protected void doStart() throws Exception {
                    super.doStart();
                    consumers.put(queue, getProcessor());
                }

                @Override
                protected void doStop() throws Exception {
                    consumers.remove(queue, getProcessor());
                    super.doStop();
                }
            };
        }
    }
}
