// A bounded SMTP client for probing: every read has a time limit and a size limit, so no remote host can hold it.
package io.caravan.diagnostics.destination;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Speaks just enough SMTP to look: banner, EHLO, STARTTLS, MAIL, RCPT, RSET, QUIT. A reply must
 * arrive whole within the reply timeout (a host dripping one byte at a time does not reset it), in at
 * most {@link #MAX_LINES} lines of at most {@link #MAX_LINE} bytes; otherwise {@link Trouble}.
 */
final class SmtpConversation implements AutoCloseable {

    /** RFC 5321 §4.5.3.1.5 allows 512 octets per reply line; servers sometimes send more. */
    static final int MAX_LINE = 2048;
    /** An EHLO reply lists a few dozen extensions at most. */
    static final int MAX_LINES = 100;

    /** What went wrong, in words fit for a finding. */
    static final class Trouble extends Exception {
        Trouble(String message) {
            super(message);
        }
    }

    /** How connecting failed: each kind has its own advice. */
    enum ConnectFailure { REFUSED, TIMED_OUT, UNREACHABLE }

    static final class ConnectTrouble extends Exception {
        final ConnectFailure kind;

        ConnectTrouble(ConnectFailure kind, String message) {
            super(message);
            this.kind = kind;
        }
    }

    /** One reply: its code and its lines without the "NNN-" prefixes. */
    record Reply(int code, List<String> lines, String wire) {
        boolean positive() {
            return code >= 200 && code < 400;
        }
    }

    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private final long replyTimeoutMillis;

    private SmtpConversation(Socket socket, Duration replyTimeout) throws IOException {
        this.replyTimeoutMillis = Math.max(1, replyTimeout.toMillis());
        use(socket);
    }

    static SmtpConversation connect(InetSocketAddress to, Duration connectTimeout, Duration replyTimeout) throws ConnectTrouble {
        Socket s = new Socket();
        try {
            s.connect(to, (int) Math.max(1, Math.min(Integer.MAX_VALUE, connectTimeout.toMillis())));
            return new SmtpConversation(s, replyTimeout);
        } catch (ConnectException e) {
            close(s);
            return failed(ConnectFailure.REFUSED, e);
        } catch (SocketTimeoutException e) {
            close(s);
            return failed(ConnectFailure.TIMED_OUT, e);
        } catch (NoRouteToHostException e) {
            close(s);
            return failed(ConnectFailure.UNREACHABLE, e);
        } catch (IOException e) {
            close(s);
            return failed(ConnectFailure.UNREACHABLE, e);
        }
    }

    private static SmtpConversation failed(ConnectFailure kind, IOException e) throws ConnectTrouble {
        throw new ConnectTrouble(kind, e.getClass().getSimpleName() + ": " + e.getMessage());
    }

    private void use(Socket s) throws IOException {
        socket = s;
        in = s.getInputStream();
        out = s.getOutputStream();
    }

    Reply command(String line) throws Trouble {
        try {
            out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw new Trouble("the connection broke when sending " + line.split(" ")[0] + ": " + e.getMessage());
        }
        return read();
    }

    /** Reads one whole reply (the banner, or the answer to a command). */
    Reply read() throws Trouble {
        long deadline = System.nanoTime() + replyTimeoutMillis * 1_000_000L;
        List<String> lines = new ArrayList<>();
        StringBuilder wire = new StringBuilder();
        int code = -1;
        while (true) {
            String line = line(deadline, lines.size());
            wire.append(line).append('\n');
            if (line.length() < 3 || !line.substring(0, 3).chars().allMatch(Character::isDigit)
                    || line.length() > 3 && line.charAt(3) != ' ' && line.charAt(3) != '-') {
                throw new Trouble("not an SMTP reply: " + printable(line));
            }
            code = Integer.parseInt(line.substring(0, 3));
            lines.add(line.length() > 4 ? line.substring(4) : "");
            if (line.length() == 3 || line.charAt(3) == ' ') {
                return new Reply(code, List.copyOf(lines), wire.toString().strip());
            }
            if (lines.size() >= MAX_LINES) {
                throw new Trouble("the reply went on for more than " + MAX_LINES + " lines (an endless reply); first line: "
                        + printable(wire.substring(0, wire.indexOf("\n"))));
            }
        }
    }

    private String line(long deadline, int lineNumber) throws Trouble {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try {
            while (true) {
                long left = (deadline - System.nanoTime()) / 1_000_000L;
                if (left <= 0) {
                    throw new SocketTimeoutException();
                }
                socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, left));
                int b = in.read();
                if (b < 0) {
                    throw new Trouble(buf.size() == 0 && lineNumber == 0 ? "the host closed the connection without a word"
                            : "the host closed the connection in the middle of a reply");
                }
                if (b == '\n') {
                    String s = buf.toString(StandardCharsets.UTF_8);
                    return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
                }
                if (buf.size() >= MAX_LINE) {
                    throw new Trouble("a reply line longer than " + MAX_LINE + " bytes (an endless reply): "
                            + printable(buf.toString(StandardCharsets.UTF_8).substring(0, 80)) + "...");
                }
                buf.write(b);
            }
        } catch (SocketTimeoutException e) {
            throw new Trouble(buf.size() == 0 && lineNumber == 0
                    ? "no reply within " + replyTimeoutMillis / 1000.0 + " s (the host accepted the connection and said nothing)"
                    : "the reply did not end within " + replyTimeoutMillis / 1000.0 + " s");
        } catch (IOException e) {
            throw new Trouble("the connection broke: " + e.getMessage());
        }
    }

    /** Upgrades the connection after a 220 to STARTTLS; the handshake is bounded by the reply timeout. */
    SSLSocket startTls(SSLContext context, String host) throws Trouble {
        try {
            SSLSocket ssl = (SSLSocket) context.getSocketFactory().createSocket(socket, host, socket.getPort(), true);
            ssl.setUseClientMode(true);
            ssl.setEnabledProtocols(new String[] {"TLSv1.2", "TLSv1.3"});
            ssl.setSoTimeout((int) Math.min(Integer.MAX_VALUE, replyTimeoutMillis));
            ssl.startHandshake();
            use(ssl);
            return ssl;
        } catch (IOException e) {
            throw new Trouble("the TLS handshake failed: " + e.getMessage());
        }
    }

    static String printable(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().limit(200).forEach(c -> b.append(c < 0x20 || c == 0x7f ? '?' : (char) c));
        return b.toString();
    }

    @Override
    public void close() {
        close(socket);
    }

    private static void close(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // nothing to do: we are leaving
        }
    }
}
