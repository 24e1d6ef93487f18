// The content filter's keys as smallrye maps them, beside ChecksConfig's map of agent blocks under the same prefix.
package io.caravan.filter.content;

import io.caravan.check.ChecksConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ContentFilterConfigTest {

    /** Both mappings, as Quarkus registers them, with unknown keys under their prefixes refused. */
    static SmallRyeConfig config(Map<String, String> properties) {
        return new SmallRyeConfigBuilder()
                .withMapping(ChecksConfig.class)
                .withMapping(ContentFilterConfig.class)
                .withValidateUnknown(true)
                .withConverter(Duration.class, 100, new DurationConverter()) // Quarkus' "10s"
                .withSources(new PropertiesConfigSource(properties, "test", 100))
                .build();
    }

    /** The content filter's settings from these properties, each key written without the prefix. */
    static ContentFilterConfig contentFilter(Map<String, String> keys) {
        Map<String, String> properties = new java.util.HashMap<>();
        keys.forEach((k, v) -> properties.put("caravan.checks.content-filter." + k, v));
        return config(properties).getConfigMapping(ContentFilterConfig.class);
    }

    static Map<String, String> pairs(String... keyThenValue) {
        Map<String, String> map = new java.util.HashMap<>();
        for (int i = 0; i < keyThenValue.length; i += 2) {
            map.put(keyThenValue[i], keyThenValue[i + 1]);
        }
        return map;
    }

    @Test
    void nestedKeysLiveBesideTheAgentBlockOfTheSameName() {
        SmallRyeConfig config = config(pairs(
                "caravan.checks.content-filter.action", "reject",
                "caravan.checks.content-filter.applies-to", "anonymous,relay",
                "caravan.checks.content-filter.connector.inbound.reject-threshold", "9",
                "caravan.checks.content-filter.rules[0].name", "cheap-meds",
                "caravan.checks.content-filter.rules[0].phrase", "cheap meds",
                "caravan.checks.content-filter.rules[0].score", "3",
                "caravan.checks.content-filter.rules[1].name", "casino",
                "caravan.checks.content-filter.rules[1].where", "Subject",
                "caravan.checks.content-filter.rules[1].pattern", "(?i)casino",
                "caravan.checks.content-filter.rules[1].score", "-2",
                "caravan.checks.content-filter.rspamd.url", "http://127.0.0.1:11333"));
        ChecksConfig checks = config.getConfigMapping(ChecksConfig.class);
        assertEquals(Optional.of("reject"), checks.agents().get("content-filter").action());
        assertEquals(Optional.of(List.of("anonymous", "relay")), checks.agents().get("content-filter").appliesTo());
        ContentFilterConfig filter = config.getConfigMapping(ContentFilterConfig.class);
        assertEquals(Optional.of("9"), filter.connector().get("inbound").rejectThreshold());
        assertEquals(Optional.empty(), filter.connector().get("inbound").tagThreshold());
        List<ContentFilterConfig.Rule> rules = filter.rules().orElseThrow();
        assertEquals("body", rules.get(0).where());
        assertEquals(Optional.of("cheap meds"), rules.get(0).phrase());
        assertEquals("Subject", rules.get(1).where());
        assertEquals(-2, rules.get(1).score());
        assertEquals(Optional.of(URI.create("http://127.0.0.1:11333")), filter.rspamd().url());
    }

    @Test
    void withNoKeysTheDefaultsAreExchangeLike() {
        ContentFilterConfig filter = contentFilter(Map.of());
        assertEquals("5", filter.tagThreshold());
        assertEquals("off", filter.quarantineThreshold());
        assertEquals("7", filter.rejectThreshold());
        assertEquals("off", filter.deleteThreshold());
        assertTrue(filter.connector().isEmpty());
        assertTrue(filter.rules().isEmpty());
        assertTrue(filter.rspamd().url().isEmpty());
        assertEquals(Duration.ofSeconds(10), filter.rspamd().timeout());
        assertEquals("hold", filter.rspamd().onFailure());
    }
}
