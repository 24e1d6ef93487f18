// Test-only scriptable SMTP server on loopback that records every byte of each accepted transaction.
package io.caravan.testing;

import javax.net.ssl.SSLContext;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A strict little MTA for delivery tests: lines end at CRLF, the body ends at CRLF.CRLF, and the
 * only change made to the body is undoing dot-stuffing, so {@link Received#data()} is exactly what
 * the client meant to send. Only transactions answered with a 2xx at end of data are recorded.
 */
public final class RecordingSmtpServer implements AutoCloseable {

  /** One accepted transaction. {@code data} excludes the final ".CRLF" but keeps the CRLF before it. */
  public record Received(
      String mailFrom,
      String mailParams,
      List<String> rcptTo,
      byte[] data,
      String helo,
      int connectionNumber,
      boolean tls) {

    public Received {
      rcptTo = List.copyOf(rcptTo);
      data = data.clone();
    }

    @Override
    public byte[] data() {
      return data.clone();
    }

    /** The body decoded as UTF-8, for readable assertions. */
    public String text() {
      return new String(data, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
      return "Received[from=<" + mailFrom + "> " + mailParams + ", rcpt=" + rcptTo + ", helo="
          + helo + ", connection=" + connectionNumber + ", " + data.length + " bytes]";
    }
  }

  public static final String DEFAULT_GREETING = "220 recorder.test ESMTP";
  private static final String NAME = "recorder.test";
  // Guards against a runaway client filling the heap with one command; data lines are unbounded.
  private static final int MAX_COMMAND_LINE = 1 << 20;

  private final ServerSocket listener;
  private final ExecutorService workers;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final AtomicInteger connections = new AtomicInteger();
  private final CountDownLatch acceptLoopDone = new CountDownLatch(1);
  private final List<Received> received = new ArrayList<>();
  private final BlockingQueue<Received> untaken = new LinkedBlockingQueue<>();
  private final List<String> commandLog = new ArrayList<>();

  private volatile List<String> extensions =
      List.of("PIPELINING", "8BITMIME", "SIZE 52428800", "ENHANCEDSTATUSCODES", "SMTPUTF8", "DSN");
  private volatile String greeting = DEFAULT_GREETING;
  private volatile String rejectReply;
  private volatile String dataReply = "250 2.0.0 Ok";
  private final Map<String, String> rcptReplies = new ConcurrentHashMap<>();
  private final AtomicInteger failuresLeft = new AtomicInteger();
  private volatile String failReply;
  private volatile boolean closed;
  private volatile SSLContext tls;
  private volatile boolean brokenTls;

  private RecordingSmtpServer(int port) throws IOException {
    listener = new ServerSocket();
    listener.setReuseAddress(true);
    listener.bind(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), port), 50);
    workers = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "recording-smtp-" + listener.getLocalPort());
      t.setDaemon(true);
      return t;
    });
    workers.execute(this::acceptLoop);
  }

  /** Listens on 127.0.0.1 on a free port. */
  public static RecordingSmtpServer start() {
    return start(0);
  }

  /** Listens on 127.0.0.1 on the given port (0: a free one), e.g. to come back on a port a test noted. */
  public static RecordingSmtpServer start(int port) {
    try {
      return new RecordingSmtpServer(port);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public int port() {
    return listener.getLocalPort();
  }

  // ---- scripting -------------------------------------------------------------------------

  /** Replaces the EHLO extension lines (keywords with optional parameters, e.g. "SIZE 1000"). */
  public RecordingSmtpServer extensions(String... ext) {
    extensions = List.of(ext);
    return this;
  }

  /** Greeting sent to each new connection; may be multi-line with "\n". */
  public RecordingSmtpServer greeting(String reply) {
    greeting = reply;
    return this;
  }

  /** Reply to RCPT TO for this address (case-insensitive); only 2xx replies accept it. */
  public RecordingSmtpServer onRcpt(String address, String reply) {
    rcptReplies.put(address.toLowerCase(Locale.ROOT), reply);
    return this;
  }

  /** Reply at end of data for every transaction; non-2xx replies mean nothing is recorded. */
  public RecordingSmtpServer onData(String reply) {
    dataReply = reply;
    return this;
  }

  /** The next n transactions get this reply at end of data and are not recorded. */
  public RecordingSmtpServer failFirst(int n, String reply) {
    failReply = reply;
    failuresLeft.set(n);
    return this;
  }

  /** Greets new connections with this reply and hangs up; null serves normally again. */
  public RecordingSmtpServer rejectConnections(String reply) {
    rejectReply = reply;
    return this;
  }

  // ---- assertions ------------------------------------------------------------------------

  public List<Received> received() {
    synchronized (received) {
      return List.copyOf(received);
    }
  }

  /** The oldest recorded message not yet returned by this method, waiting up to the timeout. */
  public Received awaitMessage(Duration timeout) {
    try {
      Received r = untaken.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
      if (r == null) {
        throw new AssertionError("no message received within " + timeout + "; commands so far: "
            + commandLog());
      }
      return r;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for a message", e);
    }
  }

  /** TCP connections accepted so far, including rejected ones. */
  public int connections() {
    return connections.get();
  }

  /** Every command line received (not message data), without CRLF, across all connections. */
  public List<String> commandLog() {
    synchronized (commandLog) {
      return List.copyOf(commandLog);
    }
  }

  /** Closes the listening socket so new connections are refused; open sessions carry on. */
  public void stop() {
    closed = true;
    try {
      listener.close();
    } catch (IOException ignored) {
      // Closing anyway.
    }
    // The JDK only signals a thread blocked in accept(); the kernel keeps the socket listening
    // until that thread leaves the call, so wait for it before promising "refused".
    try {
      if (!acceptLoopDone.await(5, TimeUnit.SECONDS)) {
        throw new IllegalStateException("accept loop did not stop within 5 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Drops every open session from the server's side, as at an idle timeout; new connections are still accepted. */
  public void dropSessions() {
    for (Socket s : open) {
      closeQuietly(s);
    }
  }

  /** Stops listening and drops every open session. */
  @Override
  public void close() {
    stop();
    for (Socket s : open) {
      closeQuietly(s);
    }
    workers.shutdownNow();
    try {
      workers.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // ---- serving ---------------------------------------------------------------------------

  private void acceptLoop() {
    try {
      while (!closed && !listener.isClosed()) {
        Socket socket;
        try {
          socket = listener.accept();
        } catch (IOException e) {
          continue; // the loop condition tells closing from a transient failure
        }
        int number = connections.incrementAndGet();
        open.add(socket);
        if (closed) {
          // stop() raced this accept: honour "refused" by dropping the straggler.
          closeQuietly(socket);
          open.remove(socket);
          return;
        }
        try {
          workers.execute(() -> serve(socket, number));
        } catch (RejectedExecutionException e) {
          closeQuietly(socket);
          open.remove(socket);
          return;
        }
      }
    } finally {
      acceptLoopDone.countDown();
    }
  }

  /**
   * Offers STARTTLS with a throw-away self-signed certificate (made with the JDK's keytool). With
   * {@code broken}, the server answers 220 to STARTTLS and then sends garbage instead of a handshake.
   */
  public RecordingSmtpServer startTls(boolean broken) {
    try {
      java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("recorder-tls");
      java.nio.file.Path store = dir.resolve("recorder.p12");
      Process p = new ProcessBuilder(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
          "-genkeypair", "-keyalg", "RSA", "-keysize", "2048", "-alias", "recorder", "-dname", "CN=recorder.test",
          "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", "changeit",
          "-keypass", "changeit").redirectErrorStream(true).start();
      if (p.waitFor() != 0) {
        throw new IllegalStateException("keytool failed: " + new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
      }
      java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
      try (InputStream in = java.nio.file.Files.newInputStream(store)) {
        ks.load(in, "changeit".toCharArray());
      }
      javax.net.ssl.KeyManagerFactory kmf = javax.net.ssl.KeyManagerFactory.getInstance(javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, "changeit".toCharArray());
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(kmf.getKeyManagers(), null, null);
      this.tls = ctx;
      this.brokenTls = broken;
      return this;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Stops offering STARTTLS. */
  public RecordingSmtpServer noTls() {
    this.tls = null;
    return this;
  }

  private void serve(Socket socket, int connectionNumber) {
    try (socket) {
      new Session(socket, connectionNumber).run();
    } catch (IOException e) {
      // Client hung up or we are closing: the partial transaction is simply not recorded.
    } finally {
      open.remove(socket);
    }
  }

  /** Per-connection protocol state; used by one thread only. */
  private final class Session {
    private InputStream in;
    private OutputStream out;
    private Socket socket;
    private boolean secure;
    private final int connectionNumber;
    private String helo;
    private String mailFrom;
    private String mailParams;
    private final List<String> rcpts = new ArrayList<>();

    Session(Socket socket, int connectionNumber) throws IOException {
      this.socket = socket;
      this.in = new BufferedInputStream(socket.getInputStream());
      this.out = socket.getOutputStream();
      this.connectionNumber = connectionNumber;
    }

    void run() throws IOException {
      String reject = rejectReply;
      if (reject != null) {
        reply(reject);
        return;
      }
      reply(greeting);
      while (true) {
        byte[] raw = readLine(false);
        if (raw == null) {
          return;
        }
        String line = new String(raw, StandardCharsets.UTF_8);
        synchronized (commandLog) {
          commandLog.add(line);
        }
        if (!handle(line)) {
          return;
        }
      }
    }

    /** Handles one command; false ends the session. */
    private boolean handle(String line) throws IOException {
      String verb = verb(line);
      String arg = line.length() > verb.length() ? line.substring(verb.length()).trim() : "";
      switch (verb.toUpperCase(Locale.ROOT)) {
        case "EHLO" -> {
          if (arg.isEmpty()) {
            reply("501 5.5.4 EHLO requires a domain");
            return true;
          }
          helo = arg;
          resetTransaction();
          List<String> lines = new ArrayList<>();
          lines.add(NAME + " greets " + arg);
          lines.addAll(extensions);
          if (tls != null && !secure) {
            lines.add("STARTTLS");
          }
          StringBuilder sb = new StringBuilder();
          for (int i = 0; i < lines.size(); i++) {
            sb.append(i == lines.size() - 1 ? "250 " : "250-").append(lines.get(i)).append('\n');
          }
          reply(sb.toString());
        }
        case "HELO" -> {
          if (arg.isEmpty()) {
            reply("501 5.5.4 HELO requires a domain");
            return true;
          }
          helo = arg;
          resetTransaction();
          reply("250 " + NAME);
        }
        case "MAIL" -> mail(arg);
        case "RCPT" -> rcpt(arg);
        case "DATA" -> data();
        case "RSET" -> {
          resetTransaction();
          reply("250 2.0.0 Ok");
        }
        case "STARTTLS" -> {
          SSLContext ctx = tls;
          if (ctx == null || secure) {
            reply("502 5.5.1 STARTTLS not available");
            return true;
          }
          reply("220 2.0.0 Ready to start TLS");
          if (brokenTls) {
            out.write("this is not a TLS handshake\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return false;
          }
          javax.net.ssl.SSLSocket ssl = (javax.net.ssl.SSLSocket) ctx.getSocketFactory()
              .createSocket(socket, socket.getInetAddress().getHostAddress(), socket.getPort(), true);
          ssl.setUseClientMode(false);
          ssl.startHandshake();
          socket = ssl;
          in = new BufferedInputStream(ssl.getInputStream());
          out = ssl.getOutputStream();
          secure = true;
          helo = null; // RFC 3207: the client must greet again
          resetTransaction();
        }
        case "NOOP" -> reply("250 2.0.0 Ok");
        case "VRFY" -> reply("252 2.5.2 Cannot VRFY user");
        case "QUIT" -> {
          reply("221 2.0.0 Bye");
          return false;
        }
        default -> reply("500 5.5.2 Command not recognized");
      }
      return true;
    }

    private void mail(String arg) throws IOException {
      if (helo == null) {
        reply("503 5.5.1 Send HELO/EHLO first");
        return;
      }
      if (mailFrom != null) {
        reply("503 5.5.1 Sender already specified");
        return;
      }
      String[] path = path(arg, "FROM:");
      if (path == null) {
        reply("501 5.5.4 Syntax: MAIL FROM:<address>");
        return;
      }
      mailFrom = path[0];
      mailParams = path[1];
      reply("250 2.1.0 Ok");
    }

    private void rcpt(String arg) throws IOException {
      if (mailFrom == null) {
        reply("503 5.5.1 Need MAIL command");
        return;
      }
      String[] path = path(arg, "TO:");
      if (path == null) {
        reply("501 5.5.4 Syntax: RCPT TO:<address>");
        return;
      }
      String scripted = rcptReplies.get(path[0].toLowerCase(Locale.ROOT));
      String answer = scripted == null ? "250 2.1.5 Ok" : scripted;
      if (answer.startsWith("2")) {
        rcpts.add(path[0]);
      }
      reply(answer);
    }

    private void data() throws IOException {
      if (mailFrom == null) {
        reply("503 5.5.1 Need MAIL command");
        return;
      }
      if (rcpts.isEmpty()) {
        reply("554 5.5.1 No valid recipients");
        return;
      }
      reply("354 End data with <CR><LF>.<CR><LF>");
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      while (true) {
        byte[] line = readLine(true);
        if (line == null) {
          throw new IOException("connection closed during DATA");
        }
        if (line.length == 3 && line[0] == '.') {
          break; // ".\r\n": the CRLF before it already ended the body's last line
        }
        int skip = line.length > 0 && line[0] == '.' ? 1 : 0;
        body.write(line, skip, line.length - skip);
      }
      String answer = endOfDataReply();
      if (answer.startsWith("2")) {
        Received r = new Received(mailFrom, mailParams, rcpts, body.toByteArray(), helo,
            connectionNumber, secure);
        synchronized (received) {
          received.add(r);
        }
        untaken.add(r);
      }
      resetTransaction();
      reply(answer);
    }

    private String endOfDataReply() {
      // Atomic claim so concurrent connections never both use the last scripted failure.
      int left = failuresLeft.getAndUpdate(n -> n > 0 ? n - 1 : 0);
      return left > 0 ? failReply : dataReply;
    }

    private void resetTransaction() {
      mailFrom = null;
      mailParams = null;
      rcpts.clear();
    }

    /**
     * Next line. Commands end at LF (a preceding CR is dropped). Data lines end only at CRLF and
     * are returned with it, so bare CR and LF stay part of the body as sent.
     */
    private byte[] readLine(boolean data) throws IOException {
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      int previous = -1;
      while (true) {
        int b = in.read();
        if (b < 0) {
          return null;
        }
        line.write(b);
        if (!data && line.size() > MAX_COMMAND_LINE) {
          throw new IOException("command line too long");
        }
        if (b == '\n' && (!data || previous == '\r')) {
          byte[] bytes = line.toByteArray();
          if (data) {
            return bytes;
          }
          int end = bytes.length - 1;
          if (end > 0 && bytes[end - 1] == '\r') {
            end--;
          }
          return Arrays.copyOf(bytes, end);
        }
        previous = b;
      }
    }

    /** Sends each "\n"-separated line with CRLF, as written by the caller. */
    private void reply(String text) throws IOException {
      StringBuilder sb = new StringBuilder();
      for (String l : text.split("\n")) {
        if (l.endsWith("\r")) {
          l = l.substring(0, l.length() - 1);
        }
        sb.append(l).append("\r\n");
      }
      out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
      out.flush();
    }
  }

  private static String verb(String line) {
    int space = line.indexOf(' ');
    return space < 0 ? line : line.substring(0, space);
  }

  /** Splits "FROM:<a@b> PARAMS" into {"a@b", "PARAMS"}; null on bad syntax. */
  private static String[] path(String arg, String keyword) {
    if (!arg.regionMatches(true, 0, keyword, 0, keyword.length())) {
      return null;
    }
    String rest = arg.substring(keyword.length()).stripLeading();
    if (!rest.startsWith("<")) {
      return null;
    }
    int close = rest.indexOf('>');
    if (close < 0) {
      return null;
    }
    return new String[] {rest.substring(1, close), rest.substring(close + 1).trim()};
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // Best effort.
    }
  }
}
