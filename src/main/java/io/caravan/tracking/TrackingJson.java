// A tracking event as one JSON object on one line: the format of tracking.log.
package io.caravan.tracking;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * Fields in this order: {@code time} (ISO-8601 UTC, milliseconds), {@code event}, {@code queueId},
 * {@code messageId}, {@code sender}, {@code recipients} (an array), {@code clientIp}, then the
 * details, flat, in their order. An empty value is left out. Jackson escapes quotes and C0 controls;
 * DEL, the C1 controls and U+2028/U+2029 are escaped too, so nothing a client sent can end or hide
 * in a line, and everything else (an internationalised address) stays readable.
 */
public final class TrackingJson {

    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private static final JsonFactory FACTORY = new JsonFactory().setCharacterEscapes(new ControlEscapes());

    private TrackingJson() {
    }

    public static String line(TrackingEvent e) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("time", TIME.format(e.time()));
            json.writeStringField("event", e.event().name());
            field(json, "queueId", e.queueId());
            field(json, "messageId", e.messageId());
            field(json, "sender", e.sender());
            if (!e.recipients().isEmpty()) {
                json.writeArrayFieldStart("recipients");
                for (String r : e.recipients()) {
                    json.writeString(r);
                }
                json.writeEndArray();
            }
            field(json, "clientIp", e.clientIp());
            for (Map.Entry<String, String> d : e.details().entrySet()) {
                field(json, d.getKey(), d.getValue());
            }
            json.writeEndObject();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex); // a StringWriter does not fail
        }
        return out.toString();
    }

    private static void field(JsonGenerator json, String name, String value) throws IOException {
        if (value != null && !value.isEmpty()) {
            json.writeStringField(name, value);
        }
    }

    /** Jackson's standard escapes plus DEL, C1 and the Unicode line and paragraph separators. */
    private static final class ControlEscapes extends CharacterEscapes {

        private final int[] ascii = standardAsciiEscapesForJSON();

        ControlEscapes() {
            ascii[0x7f] = ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            if ((ch >= 0x80 && ch < 0xa0) || ch == 0x2028 || ch == 0x2029) {
                return new com.fasterxml.jackson.core.io.SerializedString(String.format("\\u%04x", ch));
            }
            return null;
        }
    }
}
