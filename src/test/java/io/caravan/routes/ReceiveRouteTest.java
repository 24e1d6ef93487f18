package io.caravan.routes;

import io.caravan.mail.CaravanHeaders;
import io.caravan.mail.SmtpReply;
import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Processor;
import org.apache.camel.Route;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.spi.Policy;
import org.apache.camel.support.RouteWatcherReloadStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * routes/10-receive.yaml with routes/20-filter.yaml: the agents in order, then the durable write unless a step
 * chose a reply or a hold (quarantine, delete); the MAIL and RCPT routes with their agents; and it reloads.
 */
class ReceiveRouteTest {

    private static final String PIPELINE = "direct:10-receive";
    private static final List<String> STEPS = List.of("spfCheck", "dkimCheck", "dmarcCheck", "headerRuleCheck", "attachmentFilter", "malwareFilter",
            "contentFilter", "authenticationResults");
    /** The agents of routes 20-filter-mail and 20-filter-rcpt, which the SMTP session calls at MAIL and RCPT. */
    private static final List<String> PHASE_STEPS = List.of("senderFilter", "connectionFilter", "recipientFilter");

    private final List<String> ran = new ArrayList<>();

    private RouteHarness harness(Map<String, Processor> overrides) throws Exception {
        RouteHarness h = new RouteHarness();
        for (String step : STEPS) {
            h.bind(step, overrides.getOrDefault(step, exchange -> ran.add(step)));
        }
        for (String phaseAgent : PHASE_STEPS) {
            h.bind(phaseAgent, (Processor) exchange -> ran.add(phaseAgent));
        }
        h.bind("queueTransaction", new Policy() { // records where the real one begins and commits its JMS transaction
            @Override
            public void beforeWrap(Route route, NamedNode definition) {
            }

            @Override
            public Processor wrap(Route route, Processor steps) {
                return exchange -> {
                    ran.add("queueTransaction");
                    steps.process(exchange);
                    ran.add("commit");
                };
            }
        });
        h.camel().addRoutes(new RouteBuilder() { // stands in for routes/30-categorize.yaml (CategorizeRouteTest): one copy
            @Override
            public void configure() {
                from("direct:30-categorize").process(exchange -> ran.add("30-categorize")).to("jms:queue:caravan.delivery");
            }
        });
        for (String hold : List.of("quarantineStore", "messageDrop")) {
            h.bind(hold, (Processor) exchange -> {
                ran.add(hold);
                exchange.getIn().setHeader(CaravanHeaders.SMTP_REPLY, SmtpReply.of(250, "2.0.0", "Ok: queued as Q1"));
            });
        }
        return h;
    }

    private static Processor hold(String which) {
        return exchange -> exchange.setProperty("CaravanHold", which);
    }

    @Test
    void aMessageAnAgentQuarantinedGoesToTheQuarantineNotTheQueue() throws Exception {
        try (RouteHarness h = harness(Map.of("headerRuleCheck", hold("quarantine"))).start("20-filter.yaml").start("10-receive.yaml")) {
            h.camel().createProducerTemplate().sendBody(PIPELINE, "message");
            assertEquals(List.of("spfCheck", "dkimCheck", "dmarcCheck", "attachmentFilter", "malwareFilter", "contentFilter",
                    "authenticationResults", "quarantineStore"), ran);
            assertTrue(h.queues().sent("caravan.delivery").isEmpty());
        }
    }

    @Test
    void aMessageAnAgentDeletedIsDroppedNotQueued() throws Exception {
        try (RouteHarness h = harness(Map.of("dmarcCheck", hold("delete"))).start("20-filter.yaml").start("10-receive.yaml")) {
            h.camel().createProducerTemplate().sendBody(PIPELINE, "message");
            assertTrue(ran.contains("messageDrop"), ran.toString());
            assertTrue(h.queues().sent("caravan.delivery").isEmpty());
        }
    }

    @Test
    void runsEveryAgentInOrderThenRoutesAndQueuesTheMessageInOneTransaction() throws Exception {
        try (RouteHarness h = harness(Map.of()).start("20-filter.yaml").start("10-receive.yaml")) {
            h.camel().createProducerTemplate().sendBodyAndHeader(PIPELINE, "message", CaravanHeaders.QUEUE_ID, "Q1");
            List<String> expected = new ArrayList<>(STEPS);
            expected.addAll(List.of("queueTransaction", "30-categorize", "commit"));
            assertEquals(expected, ran);
            assertEquals(1, h.queues().sent("caravan.delivery").size());
        }
    }

    @Test
    void theMailAndRcptRoutesRunTheirAgentsInOrderAndQueueNothing() throws Exception {
        try (RouteHarness h = harness(Map.of()).start("20-filter.yaml")) {
            h.camel().createProducerTemplate().sendBody("direct:20-filter-mail", null);
            assertEquals(List.of("senderFilter"), ran);
            h.camel().createProducerTemplate().sendBody("direct:20-filter-rcpt", null);
            assertEquals(List.of("senderFilter", "connectionFilter", "recipientFilter"), ran);
            assertTrue(h.queues().sent("caravan.delivery").isEmpty());
        }
    }

    @Test
    void aMessageRefusedByAStepIsNeverQueued() throws Exception {
        Processor refuse = exchange -> exchange.getIn().setHeader(CaravanHeaders.SMTP_REPLY, SmtpReply.of(550, "5.7.1", "no"));
        try (RouteHarness h = harness(Map.of("dmarcCheck", refuse)).start("20-filter.yaml").start("10-receive.yaml")) {
            Exchange done = h.camel().createProducerTemplate().send(PIPELINE, e -> e.getIn().setBody("message"));
            assertEquals(SmtpReply.of(550, "5.7.1", "no"), done.getIn().getHeader(CaravanHeaders.SMTP_REPLY));
            assertTrue(h.queues().sent("caravan.delivery").isEmpty());
        }
    }

    @Test
    void anEditToTheFileIsPickedUpWithoutARestart(@TempDir Path routes) throws Exception {
        Path file = routes.resolve("10-receive.yaml");
        Files.copy(Path.of("routes", "10-receive.yaml"), file);
        try (RouteHarness h = harness(Map.of())) {
            h.watch(routes);
            h.start("20-filter.yaml");
            h.start(file);
            String edited = Files.readString(file).replace("        - choice:",
                    "        - setHeader:\n            name: CaravanEdited\n            constant: \"yes\"\n        - choice:");
            Files.writeString(file, edited);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (true) {
                h.camel().createProducerTemplate().sendBody(PIPELINE, "message");
                List<Exchange> sent = h.queues().sent("caravan.delivery");
                if ("yes".equals(sent.get(sent.size() - 1).getIn().getHeader("CaravanEdited"))) {
                    break;
                }
                assertTrue(System.nanoTime() < deadline, "the edited 10-receive.yaml was not reloaded within 30 s");
                Thread.sleep(50); // between polls; the deadline decides
            }
        }
    }

    @Test
    void aFileThatNoLongerParsesLeavesTheRunningRouteServing(@TempDir Path routes) throws Exception {
        Path file = routes.resolve("10-receive.yaml");
        Files.copy(Path.of("routes", "10-receive.yaml"), file);
        try (RouteHarness h = harness(Map.of())) {
            RouteWatcherReloadStrategy reload = h.watch(routes);
            h.start("20-filter.yaml");
            h.start(file);
            Files.writeString(file, Files.readString(file).replace("- route:", "- route: [unclosed"));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (reload.getFailedCounter() == 0) {
                assertTrue(System.nanoTime() < deadline, "the broken file was not read within 30 s");
                Thread.sleep(50); // between polls; the deadline decides
            }
            h.camel().createProducerTemplate().sendBody(PIPELINE, "message");
            assertEquals(1, h.queues().sent("caravan.delivery").size(), "the last good route still receives");
        }
    }
}
