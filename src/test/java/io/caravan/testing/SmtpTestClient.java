// Test-only line-oriented SMTP client for driving the server under test command by command or byte by byte.
package io.caravan.testing;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Talks to 127.0.0.1:port. I/O failures surface as {@link UncheckedIOException} (a read timeout as
 * one caused by {@link SocketTimeoutException}); protocol surprises in {@link #sendMessage} as
 * {@link AssertionError}. The first reply read is the greeting; {@link #command} and
 * {@link #sendMessage} read it first if nobody has yet.
 */
public final class SmtpTestClient implements AutoCloseable {

  /** One SMTP reply: its code and every line as received, without CRLF. */
  public record Reply(int code, List<String> lines) {

    public Reply {
      lines = List.copyOf(lines);
    }

    /** All lines joined with "\n". */
    public String text() {
      return String.join("\n", lines);
    }

    /** The final line, e.g. "250 2.0.0 Ok: queued as X". */
    public String last() {
      return lines.get(lines.size() - 1);
    }

    public boolean isPositive() {
      return code >= 200 && code < 400;
    }

    @Override
    public String toString() {
      return text();
    }
  }

  public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration QUIT_TIMEOUT = Duration.ofSeconds(1);

  private Socket socket;
  private InputStream in;
  private OutputStream out;
  private final int readTimeoutMillis;
  private Reply greeting;
  private boolean greeted;
  private boolean helloDone;
  private boolean sawEof;

  private SmtpTestClient(Socket socket, Duration readTimeout) throws IOException {
    this.socket = socket;
    this.readTimeoutMillis = Math.toIntExact(Math.max(1, readTimeout.toMillis()));
    socket.setSoTimeout(readTimeoutMillis);
    this.in = new BufferedInputStream(socket.getInputStream());
    this.out = new BufferedOutputStream(socket.getOutputStream());
  }

  public static SmtpTestClient connect(int port) {
    return connect(port, DEFAULT_READ_TIMEOUT);
  }

  /** Connects to 127.0.0.1:port; every later read gives up after readTimeout. */
  public static SmtpTestClient connect(int port, Duration readTimeout) {
    Socket socket = new Socket();
    try {
      socket.connect(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), port),
          Math.toIntExact(readTimeout.toMillis()));
      return new SmtpTestClient(socket, readTimeout);
    } catch (IOException e) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // Already failing.
      }
      throw new UncheckedIOException("cannot connect to 127.0.0.1:" + port, e);
    }
  }

  /** Connects to 127.0.0.1:port from the given loopback address (e.g. "127.0.0.2"), to act as another client IP. */
  public static SmtpTestClient connectFrom(String localAddress, int port) {
    Socket socket = new Socket();
    try {
      socket.bind(new InetSocketAddress(InetAddress.getByName(localAddress), 0));
      socket.connect(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), port), 10_000);
      return new SmtpTestClient(socket, DEFAULT_READ_TIMEOUT);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot connect to 127.0.0.1:" + port + " from " + localAddress, e);
    }
  }

  /** Connects with TLS from the first byte (implicit TLS, as on port 465), trusting any certificate. */
  public static SmtpTestClient connectTls(int port) {
    try {
      javax.net.ssl.SSLSocket ssl = (javax.net.ssl.SSLSocket) TrustAll.context().getSocketFactory().createSocket("127.0.0.1", port);
      ssl.startHandshake();
      return new SmtpTestClient(ssl, DEFAULT_READ_TIMEOUT);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot connect with TLS to 127.0.0.1:" + port, e);
    }
  }

  /** Sends STARTTLS; on 220 the connection continues inside TLS and EHLO must be sent again. */
  public synchronized Reply startTls() {
    Reply reply = command("STARTTLS");
    if (reply.code() == 220) {
      startTlsAfter220();
    }
    return reply;
  }

  /**
   * Starts the TLS handshake now, for a test that sent STARTTLS itself and read the 220; with protocols
   * given (e.g. "TLSv1.2"), only those are offered.
   */
  public synchronized void startTlsAfter220(String... protocols) {
    {
      try {
        javax.net.ssl.SSLSocket ssl = (javax.net.ssl.SSLSocket) TrustAll.context().getSocketFactory()
            .createSocket(socket, "127.0.0.1", socket.getPort(), true);
        if (protocols.length > 0) {
          ssl.setEnabledProtocols(protocols);
        }
        ssl.setSoTimeout(readTimeoutMillis);
        ssl.startHandshake();
        socket = ssl;
        in = new BufferedInputStream(ssl.getInputStream());
        out = new BufferedOutputStream(ssl.getOutputStream());
        helloDone = false;
      } catch (IOException e) {
        throw new UncheckedIOException("TLS handshake failed", e);
      }
    }
  }

  /** Asks for a new TLS handshake on this connection (a client-initiated renegotiation under TLS 1.2). */
  public synchronized void renegotiate() {
    try {
      ((javax.net.ssl.SSLSocket) socket).startHandshake();
    } catch (IOException e) {
      throw new UncheckedIOException("renegotiation failed", e);
    }
  }

  /**
   * True when something arrives from the server (a byte, or the end of the stream) within the timeout;
   * what arrived stays readable.
   */
  public synchronized boolean hasInput(Duration timeout) {
    return peek(timeout) != Peek.SILENCE;
  }

  /** What the next read brings within the timeout, leaving any data unread. */
  private enum Peek { DATA, CLOSED, SILENCE }

  private Peek peek(Duration timeout) {
    if (sawEof) {
      return Peek.CLOSED;
    }
    try {
      socket.setSoTimeout(Math.toIntExact(Math.max(1, timeout.toMillis())));
      in.mark(1);
      if (in.read() < 0) {
        sawEof = true;
        return Peek.CLOSED;
      }
      in.reset();
      return Peek.DATA;
    } catch (SocketTimeoutException e) {
      return Peek.SILENCE;
    } catch (SocketException e) {
      sawEof = true; // connection reset counts as closed
      return Peek.CLOSED;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      restoreTimeout();
    }
  }

  /** The negotiated TLS protocol, or null on a plaintext connection. */
  public synchronized String tlsProtocol() {
    return socket instanceof javax.net.ssl.SSLSocket ssl ? ssl.getSession().getProtocol() : null;
  }

  /** The negotiated cipher suite, or null on a plaintext connection. */
  public synchronized String tlsCipherSuite() {
    return socket instanceof javax.net.ssl.SSLSocket ssl ? ssl.getSession().getCipherSuite() : null;
  }

  /** The server's greeting, read now if it has not been read yet. */
  public synchronized Reply greeting() {
    ensureGreeting();
    return greeting;
  }

  /** Sends line + CRLF and reads one reply. */
  public synchronized Reply command(String line) {
    ensureGreeting();
    send(line + "\r\n");
    Reply reply = readReply();
    String verb = line.length() >= 4 ? line.substring(0, 4).toUpperCase(Locale.ROOT) : "";
    if ((verb.equals("EHLO") || verb.equals("HELO")) && reply.code() / 100 == 2) {
      helloDone = true;
    }
    return reply;
  }

  /** Writes the text as UTF-8 exactly as given (no CRLF added). */
  public synchronized void send(String raw) {
    sendBytes(raw.getBytes(StandardCharsets.UTF_8));
  }

  /** Writes the bytes exactly as given, e.g. for pipelining or bare-LF smuggling tests. */
  public synchronized void sendBytes(byte[] raw) {
    try {
      out.write(raw);
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("write failed", e);
    }
  }

  /** Reads the next (possibly multi-line) reply. */
  public synchronized Reply readReply() {
    List<String> lines = new ArrayList<>();
    while (true) {
      String line = readLine(lines);
      if (line.length() < 3 || !isCode(line) || (line.length() > 3 && line.charAt(3) != ' '
          && line.charAt(3) != '-')) {
        throw new AssertionError("malformed SMTP reply line: \"" + line + "\" after " + lines);
      }
      lines.add(line);
      if (line.length() == 3 || line.charAt(3) == ' ') {
        Reply reply = new Reply(Integer.parseInt(line.substring(0, 3)), lines);
        if (!greeted) {
          greeted = true;
          greeting = reply;
        }
        return reply;
      }
    }
  }

  /** Reads the next n replies, e.g. after a pipelined batch. */
  public synchronized List<Reply> readReplies(int n) {
    List<Reply> replies = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      replies.add(readReply());
    }
    return replies;
  }

  /**
   * True if the server has closed the connection: the next read hits EOF (or a reset) within the
   * timeout. Unread data, or silence until the timeout, mean false; unread data stays readable.
   */
  public synchronized boolean isClosedByServer(Duration timeout) {
    return peek(timeout) == Peek.CLOSED;
  }

  /**
   * Runs one whole transaction: EHLO (once per connection), MAIL FROM, RCPT TO for each
   * recipient, DATA, the dot-stuffed body and CRLF.CRLF. Returns the end-of-data reply; any
   * earlier reply that is not 2xx (354 for DATA) fails with an AssertionError.
   * Dot-stuffing follows RFC 5321: a line is what ends in CRLF, so a '.' after a bare LF is
   * sent as is; use {@link #sendBytes} for deliberately odd bodies.
   */
  public synchronized Reply sendMessage(String from, List<String> rcpts, byte[] body) {
    return transaction(from, rcpts, body, true);
  }

  /**
   * Like {@link #sendMessage}, but a refusal of MAIL, RCPT or DATA is returned rather than thrown, for
   * tests about the server refusing mail (back pressure, limits).
   */
  public synchronized Reply trySendMessage(String from, List<String> rcpts, byte[] body) {
    return transaction(from, rcpts, body, false);
  }

  private Reply transaction(String from, List<String> rcpts, byte[] body, boolean refusalIsAnError) {
    ensureGreeting();
    if (greeting.code() != 220) {
      throw new AssertionError("server greeted with: " + greeting.text());
    }
    if (!helloDone) {
      expect(command("EHLO client.test"), 2, "EHLO");
    }
    List<Reply> steps = new java.util.ArrayList<>();
    steps.add(command("MAIL FROM:<" + from + ">"));
    for (int i = 0; i < rcpts.size() && steps.get(steps.size() - 1).code() / 100 == 2; i++) {
      steps.add(command("RCPT TO:<" + rcpts.get(i) + ">"));
    }
    Reply last = steps.get(steps.size() - 1);
    if (last.code() / 100 != 2) {
      if (refusalIsAnError) {
        expect(last, 2, steps.size() == 1 ? "MAIL FROM" : "RCPT TO:<" + rcpts.get(steps.size() - 2) + ">");
      }
      return last;
    }
    Reply data = command("DATA");
    if (data.code() != 354) {
      if (refusalIsAnError) {
        throw new AssertionError("DATA was answered: " + data.text());
      }
      return data;
    }
    sendBytes(dotStuffed(body));
    return readReply();
  }

  /** Sends QUIT unless the server already hung up, then closes; errors are ignored. */
  @Override
  public synchronized void close() {
    try {
      if (!sawEof && !socket.isClosed()) {
        out.write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        // Waiting briefly for "221" lets the server finish cleanly instead of seeing a reset.
        socket.setSoTimeout(Math.toIntExact(QUIT_TIMEOUT.toMillis()));
        while (in.read() >= 0) {
          // drain until the server closes or the short timeout fires
        }
      }
    } catch (IOException | RuntimeException ignored) {
      // Closing regardless.
    } finally {
      try {
        socket.close();
      } catch (IOException ignored) {
        // Nothing more to do.
      }
    }
  }

  /** Body with a '.' added before each line that starts with '.', ended by CRLF.CRLF. */
  static byte[] dotStuffed(byte[] body) {
    ByteArrayOutputStream wire = new ByteArrayOutputStream(body.length + 16);
    boolean lineStart = true;
    for (int i = 0; i < body.length; i++) {
      byte b = body[i];
      if (lineStart && b == '.') {
        wire.write('.');
      }
      wire.write(b);
      lineStart = b == '\n' && i > 0 && body[i - 1] == '\r';
    }
    if (body.length > 0 && !lineStart) {
      wire.write('\r');
      wire.write('\n');
    }
    wire.write('.');
    wire.write('\r');
    wire.write('\n');
    return wire.toByteArray();
  }

  private void ensureGreeting() {
    if (!greeted) {
      readReply();
    }
  }

  private static void expect(Reply reply, int firstDigit, String what) {
    if (reply.code() / 100 != firstDigit) {
      throw new AssertionError(what + " was answered: " + reply.text());
    }
  }

  private static boolean isCode(String line) {
    for (int i = 0; i < 3; i++) {
      if (line.charAt(i) < '0' || line.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  /** One line up to LF, CR stripped; EOF is an UncheckedIOException naming what was read. */
  private String readLine(List<String> soFar) {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    try {
      while (true) {
        int b = in.read();
        if (b < 0) {
          sawEof = true;
          throw new UncheckedIOException(new EOFException(
              "server closed the connection; partial reply: " + soFar + " "
                  + line.toString(StandardCharsets.UTF_8)));
        }
        if (b == '\n') {
          byte[] bytes = line.toByteArray();
          int end = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1
              : bytes.length;
          return new String(bytes, 0, end, StandardCharsets.UTF_8);
        }
        line.write(b);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading reply failed after " + soFar, e);
    }
  }

  private void restoreTimeout() {
    try {
      socket.setSoTimeout(readTimeoutMillis);
    } catch (SocketException ignored) {
      // Socket already closed; the next call will report it.
    }
  }
}
