// A loopback HTTP endpoint that misbehaves as a broken scanning engine does: it answers garbage, or never answers.
package io.caravan.filter.content;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Not a stand-in for rspamd (the tests that need rspamd's answers run the real one): only the failures
 * a real one cannot be made to show on demand. Each connection's request is read up to the end of its
 * header section; then the endpoint writes its reply, or holds the connection open without a word.
 */
final class BrokenEngine implements AutoCloseable {

    private final ServerSocket server;
    private final byte[] reply;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();

    private BrokenEngine(byte[] reply) {
        this.reply = reply;
        try {
            server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread accept = new Thread(this::serve, "broken-engine");
        accept.setDaemon(true);
        accept.start();
    }

    /** Answers every request with this HTTP response, sent as it is. */
    static BrokenEngine answering(String response) {
        return new BrokenEngine(response.getBytes(StandardCharsets.UTF_8));
    }

    /** Accepts connections and never answers. */
    static BrokenEngine silent() {
        return new BrokenEngine(null);
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    private void serve() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                open.add(s);
                InputStream in = s.getInputStream();
                StringBuilder head = new StringBuilder();
                for (int b = 0; b >= 0 && !head.toString().endsWith("\r\n\r\n");) {
                    b = in.read();
                    head.append((char) b);
                }
                requests.add(head.toString());
                in.skipNBytes(contentLength(head.toString()));
                if (reply != null) {
                    s.getOutputStream().write(reply);
                    s.getOutputStream().flush();
                    s.close();
                }
            } catch (IOException e) {
                // closed
            }
        }
    }

    /** The request line and header fields of each request received, as sent. */
    List<String> requests() {
        return List.copyOf(requests);
    }

    private static long contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                return Long.parseLong(line.substring(line.indexOf(':') + 1).strip());
            }
        }
        return 0;
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : open) {
            s.close();
        }
    }
}
