// A real clamd (Debian's clamav-daemon) on loopback for tests: one signature (EICAR), a TCP port and a Unix socket.
package io.caravan.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * No signature download is possible here, and none is needed: a database directory holding
 * {@code test.hdb} with the MD5 and size of the 68-byte EICAR test file is enough for clamd to
 * start (about 3 s, 19 MB) and to find EICAR, also inside zip archives and base64 MIME parts; the
 * signature is reported as {@value #EICAR_SIGNATURE}. Start one per test class: a missing or
 * broken clamd FAILS the test with clamd's own output, it never skips it. CI installs Debian's
 * {@code clamav-daemon} ({@code .ci/test-deps}).
 */
public final class ClamdProcess implements AutoCloseable {

    /** The name clamd gives the EICAR signature of {@code test.hdb} (local signatures get ".UNOFFICIAL"). */
    public static final String EICAR_SIGNATURE = "Eicar-Signature.UNOFFICIAL";
    /** The EICAR anti-virus test file: harmless, and found by every scanner. */
    public static final String EICAR = "X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*";

    private static final Path CLAMD = Path.of(System.getProperty("caravan.test.clamd", "/usr/sbin/clamd"));
    private static final Duration START_DEADLINE = Duration.ofSeconds(60);

    private final Path dir;
    private final int port;
    private Process process;
    private boolean frozen;

    private ClamdProcess(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** clamd with StreamMaxLength 100M (clamd's own default). */
    public static ClamdProcess start() {
        return start("100M");
    }

    /** @param streamMaxLength clamd's StreamMaxLength, e.g. "1M": larger streams get "INSTREAM size limit exceeded. ERROR" */
    public static ClamdProcess start(String streamMaxLength) {
        try {
            Path dir = Files.createTempDirectory("clamd-");
            int port = freePort();
            Files.writeString(dir.resolve("test.hdb"), "44d88612fea8a8f36de82e1278abb02f:68:Eicar-Signature\n");
            Files.writeString(dir.resolve("clamd.conf"), String.join("\n",
                    "Foreground yes",
                    "TCPSocket " + port,
                    "TCPAddr 127.0.0.1",
                    "LocalSocket " + dir.resolve("clamd.sock"),
                    "DatabaseDirectory " + dir,
                    "TemporaryDirectory " + dir,
                    "PidFile " + dir.resolve("clamd.pid"),
                    "StreamMaxLength " + streamMaxLength,
                    "SelfCheck 0",
                    ""));
            ClamdProcess clamd = new ClamdProcess(dir, port);
            clamd.launch();
            return clamd;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** "127.0.0.1:port", as caravan.checks.malware-filter.clamd.address takes it. */
    public String tcpAddress() {
        return "127.0.0.1:" + port;
    }

    /** "unix:/path/clamd.sock". */
    public String unixAddress() {
        return "unix:" + dir.resolve("clamd.sock");
    }

    public int port() {
        return port;
    }

    /** Stops clamd; {@link #restart()} brings it back on the same port and socket. */
    public void stop() {
        if (process == null) {
            return;
        }
        if (frozen) {
            thaw();
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    public void restart() {
        stop();
        launch();
    }

    /** Freezes clamd (SIGSTOP): it still accepts connections through the kernel, but never reads or answers: a hung scanner. */
    public void freeze() {
        signal("-STOP");
        frozen = true;
    }

    /** Undoes {@link #freeze()}. */
    public void thaw() {
        signal("-CONT");
        frozen = false;
    }

    private void signal(String which) {
        try {
            Process kill = new ProcessBuilder("kill", which, Long.toString(process.pid())).inheritIO().start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill " + which + " " + process.pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void launch() {
        if (!Files.isExecutable(CLAMD)) {
            throw new IllegalStateException(CLAMD + " is missing: install Debian's clamav-daemon (.ci/test-deps does)");
        }
        Path output = dir.resolve("clamd.out");
        try {
            process = new ProcessBuilder(CLAMD.toString(), "--config-file=" + dir.resolve("clamd.conf"))
                    .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + CLAMD + ": " + e.getMessage(), e);
        }
        long deadline = System.nanoTime() + START_DEADLINE.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("clamd exited with " + process.exitValue() + ":\n" + read(output));
            }
            if (pong()) {
                return;
            }
            try {
                process.waitFor(50, TimeUnit.MILLISECONDS); // polling interval: the deadline decides
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        stop();
        throw new IllegalStateException("clamd did not answer PING within " + START_DEADLINE.toSeconds() + " s:\n" + read(output));
    }

    /** PING answered with PONG on the TCP port. */
    private boolean pong() {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(1000);
            OutputStream out = s.getOutputStream();
            out.write("zPING\0".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readNBytes(4), StandardCharsets.US_ASCII).equals("PONG");
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "(no output)";
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        stop();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // a temp directory left behind is harmless
        }
    }
}
