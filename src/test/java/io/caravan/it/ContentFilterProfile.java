// Caravan with the content filter on, asking a real rspamd: the settings of ContentFilterPipelineTest.
package io.caravan.it;

import io.caravan.testing.RspamdProcess;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.List;
import java.util.Map;

/**
 * A profile of its own, so the other end-to-end tests keep running without the filter (and without
 * rspamd): MailWorld still provides the DNS and the SMTP servers around Caravan.
 */
public class ContentFilterProfile implements QuarkusTestProfile {

    static final String ALLOWED_SENDER = "friend@good.test";
    static final String BLOCKED_PHRASE = "wire the money today";
    static final String PREFIX = "[SPAM]";

    /** Starts the JVM's shared rspamd and points the filter at it. */
    public static class Rspamd implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            return Map.of("caravan.checks.content-filter.rspamd.url", RspamdProcess.shared().url().toString());
        }

        @Override
        public void stop() {
            // shared with other test classes; stopped when the JVM exits
        }
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "caravan.checks.content-filter.subject-prefix", PREFIX,
                "caravan.checks.content-filter.blocked-phrases", BLOCKED_PHRASE,
                "caravan.checks.content-filter.allowed-senders", ALLOWED_SENDER);
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(Rspamd.class));
    }

    @Override
    public String getConfigProfile() {
        return "content-filter";
    }
}
