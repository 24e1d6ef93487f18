package io.caravan.receive;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.*;

class MessageBufferTest {

    @Test
    void collectsThePrefixAndEverythingAppended() {
        MessageBuffer buf = new MessageBuffer("Received: x\r\n".getBytes(StandardCharsets.US_ASCII));
        byte[] body = "a".repeat(40_000).getBytes(StandardCharsets.US_ASCII);
        buf.append(body, 0, body.length);
        buf.append((byte) '!');
        assertEquals("Received: x\r\n" + "a".repeat(40_000) + "!", new String(buf.toArray(), StandardCharsets.US_ASCII));
        assertNull(buf.rejection());
    }

    @Test
    void anArrayTheHeapCannotHoldBecomesA452NotAnError() {
        MessageBuffer buf = new MessageBuffer(new byte[10]);
        // Integer.MAX_VALUE bytes exceed the VM's array limit: OutOfMemoryError without allocating anything
        buf.append(new byte[1], 0, Integer.MAX_VALUE - buf.length());
        buf.append((byte) 'x'); // later bytes are counted by the caller and dropped here
        assertEquals(MessageBuffer.NO_ROOM, buf.rejection());
        assertEquals("452 4.3.1", buf.rejection().code() + " " + buf.rejection().enhancedCode());
        assertEquals(0, buf.toArray().length);
    }
}
