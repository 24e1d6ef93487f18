// What rspamd's /checkv2 answered: score, action, the symbols that fired, and the header changes it asks for.
package io.caravan.filter.content;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Read from the JSON reply with Jackson's tree model (no reflection on our classes). A reply without
 * a numeric {@code score} and a textual {@code action} is not an answer: {@link #parse} refuses it,
 * so garbage from the engine is a failure, never a clean bill.
 *
 * @param symbols      the symbols that fired, heaviest (by absolute score) first
 * @param addHeaders   {@code milter.add_headers}: fields to add, in the order given
 * @param removeHeaders {@code milter.remove_headers}: field name to which occurrence (1 = first, -1 = last, 0 = all)
 */
record RspamdReply(double score, double requiredScore, String action, List<Symbol> symbols,
        List<Field> addHeaders, Map<String, Integer> removeHeaders) {

    record Symbol(String name, double score) {
    }

    record Field(String name, String value) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    RspamdReply {
        symbols = List.copyOf(symbols);
        addHeaders = List.copyOf(addHeaders);
        removeHeaders = Map.copyOf(removeHeaders);
    }

    /** The SCL this reply maps to ({@link RspamdScale}). */
    int scl() {
        return RspamdScale.scl(score, requiredScore, action);
    }

    /** @throws RspamdFailure when the bytes are not a /checkv2 answer */
    static RspamdReply parse(byte[] body) throws RspamdFailure {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException | RuntimeException e) {
            throw new RspamdFailure("rspamd answered something that is not JSON: " + preview(body));
        }
        if (root == null || !root.isObject() || !root.path("score").isNumber() || !root.path("action").isTextual()) {
            throw new RspamdFailure("rspamd answered JSON without a score and an action: " + preview(body));
        }
        JsonNode required = root.path("required_score");
        return new RspamdReply(root.get("score").asDouble(),
                required.isNumber() ? required.asDouble() : RspamdScale.DEFAULT_REQUIRED,
                root.get("action").asText(), symbols(root.path("symbols")),
                addHeaders(root.path("milter").path("add_headers")), removeHeaders(root.path("milter").path("remove_headers")));
    }

    private static List<Symbol> symbols(JsonNode node) {
        List<Symbol> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            out.add(new Symbol(e.getKey(), e.getValue().path("score").asDouble(0)));
        }
        out.sort(Comparator.comparingDouble((Symbol s) -> -Math.abs(s.score())).thenComparing(Symbol::name));
        return out;
    }

    /** Each value is a string, an object with "value", or an array of either. */
    private static List<Field> addHeaders(JsonNode node) {
        List<Field> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode value = e.getValue();
            for (JsonNode one : value.isArray() ? value : List.of(value)) {
                JsonNode text = one.isObject() ? one.path("value") : one;
                if (text.isValueNode() && !text.isNull()) {
                    out.add(new Field(e.getKey(), text.asText()));
                }
            }
        }
        return out;
    }

    private static Map<String, Integer> removeHeaders(JsonNode node) {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            out.put(e.getKey(), e.getValue().asInt(0));
        }
        return out;
    }

    private static String preview(byte[] body) {
        String text = new String(body, 0, Math.min(body.length, 80), StandardCharsets.UTF_8);
        return "\"" + text.replaceAll("\\p{Cntrl}", " ").strip() + (body.length > 80 ? "..." : "") + "\"";
    }
}
