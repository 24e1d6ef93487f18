// SCL thresholds: the strongest reached wins; per-connector values fall back to the defaults; bad values name their key.
package io.caravan.filter.content;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

import static io.caravan.filter.content.SclThresholds.Band.DELETE;
import static io.caravan.filter.content.SclThresholds.Band.NONE;
import static io.caravan.filter.content.SclThresholds.Band.QUARANTINE;
import static io.caravan.filter.content.SclThresholds.Band.REJECT;
import static io.caravan.filter.content.SclThresholds.Band.TAG;
import static org.junit.jupiter.api.Assertions.assertEquals;

class SclThresholdsTest {

    private static final Set<String> CONNECTORS = Set.of("default", "inbound", "edge");

    @Test
    void theDefaultsTagFromFiveAndRejectFromSeven() {
        SclThresholds t = new ConnectorThresholds(ContentFilterConfigTest.contentFilter(Map.of()), CONNECTORS, new ArrayList<>()).forConnector("any");
        assertEquals(List.of(NONE, NONE, NONE, NONE, NONE, TAG, TAG, REJECT, REJECT, REJECT),
                java.util.stream.IntStream.rangeClosed(0, 9).mapToObj(t::bandOf).toList());
        assertEquals(NONE, t.bandOf(-1));
    }

    @Test
    void deleteOutranksRejectWhichOutranksQuarantineWhichOutranksTag() {
        SclThresholds t = new SclThresholds(OptionalInt.of(3), OptionalInt.of(5), OptionalInt.of(7), OptionalInt.of(9));
        assertEquals(List.of(NONE, TAG, QUARANTINE, QUARANTINE, REJECT, REJECT, DELETE),
                List.of(t.bandOf(2), t.bandOf(4), t.bandOf(5), t.bandOf(6), t.bandOf(7), t.bandOf(8), t.bandOf(9)));
    }

    @Test
    void aConnectorsOwnThresholdsOverrideOnlyTheKeysItSets() {
        List<String> errors = new ArrayList<>();
        ConnectorThresholds all = new ConnectorThresholds(ContentFilterConfigTest.contentFilter(Map.of(
                "quarantine-threshold", "6",
                "connector.inbound.reject-threshold", "off",
                "connector.inbound.delete-threshold", "9")), CONNECTORS, errors);
        assertEquals(List.of(), errors);
        SclThresholds inbound = all.forConnector("inbound");
        assertEquals(new SclThresholds(OptionalInt.of(5), OptionalInt.of(6), OptionalInt.empty(), OptionalInt.of(9)), inbound);
        assertEquals(QUARANTINE, inbound.bandOf(8));
        assertEquals(REJECT, all.forConnector("default").bandOf(8));
    }

    @Test
    void aValueThatIsNotAnSclIsAnErrorNamingItsKey() {
        List<String> errors = new ArrayList<>();
        new ConnectorThresholds(ContentFilterConfigTest.contentFilter(Map.of(
                "tag-threshold", "high", "connector.edge.reject-threshold", "10")), CONNECTORS, errors);
        assertEquals(List.of("caravan.checks.content-filter.tag-threshold: 'high' is not an SCL from 0 to 9, nor off",
                "caravan.checks.content-filter.connector.edge.reject-threshold: '10' is not an SCL from 0 to 9, nor off"), errors);
    }

    @Test
    void thresholdsForAConnectorThatDoesNotExistAreAnError() {
        List<String> errors = new ArrayList<>();
        new ConnectorThresholds(ContentFilterConfigTest.contentFilter(Map.of("connector.inbund.reject-threshold", "9")), CONNECTORS, errors);
        assertEquals(List.of("caravan.checks.content-filter.connector.inbund: no receive connector is called 'inbund' (known: default, edge, inbound)"),
                errors);
    }
}
