// A real rspamd (Debian's /usr/bin/rspamd) for tests: started in the foreground on loopback ports, with no DNS or internet.
package io.caravan.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * rspamd reads Debian's /etc/rspamd/rspamd.conf with its local and override directories pointed at
 * a temporary directory, which binds only the normal worker to 127.0.0.1 on a free port (controller
 * and proxy off), sends DNS to a loopback port where nothing answers (so no lookup leaves the machine
 * and each fails at once), turns off the modules that would ask the internet, and adds two things the
 * tests rely on: symbol {@code CARAVAN_TEST_TAG} (score 7) for a Subject containing
 * {@value #TAG_SUBJECT}, which makes a clean message "add header" material, and milter header
 * {@code X-Spam-Status}. GTUBE is refused by rspamd out of the box.
 *
 * <p>It listens some seconds after start and takes about 800 MB, so {@link #shared()} starts one for
 * every test class in the JVM; {@link #start()} waits for {@code /ping} with a deadline and throws with
 * rspamd's own output when it does not come up, so a test that needs it fails, never skips. As root,
 * the workers run as Debian's {@code _rspamd} user.
 */
public final class RspamdProcess implements AutoCloseable {

    /** A Subject containing this scores 7 more in the test rspamd. */
    public static final String TAG_SUBJECT = "caravan-test-tag";
    /** The GTUBE line: rspamd's answer to it is action reject. */
    public static final String GTUBE = "XJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X";

    private static final Path BINARY = Path.of("/usr/bin/rspamd");
    private static final Path CONFIG = Path.of("/etc/rspamd/rspamd.conf");
    private static final Duration START_DEADLINE = Duration.ofSeconds(120);
    /** Compiled regular expressions survive between runs here, which makes later starts much faster. */
    private static final Path HYPERSCAN_CACHE = Path.of("target", "rspamd-hs-cache").toAbsolutePath();
    private static RspamdProcess shared;

    private final Path dir;
    private final int port;
    private final Process process;

    private RspamdProcess(Path dir, int port, Process process) {
        this.dir = dir;
        this.port = port;
        this.process = process;
    }

    /** The one rspamd of this JVM, started on first use (again after a {@link #close()}); stopped when the JVM exits. */
    public static synchronized RspamdProcess shared() {
        if (shared == null || !shared.process.isAlive()) {
            shared = start();
            RspamdProcess started = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close));
        }
        return shared;
    }

    /** Starts a new rspamd and waits until it answers /ping. @throws IllegalStateException with rspamd's output when it does not */
    public static RspamdProcess start() {
        try {
            Path dir = Files.createTempDirectory("caravan-rspamd");
            int port = freeTcpPort();
            writeConfig(dir, port, freeUdpPort());
            List<String> command = new ArrayList<>(List.of(BINARY.toString(), "-f", "-c", CONFIG.toString(),
                    "--var=LOCAL_CONFDIR=" + dir, "--var=DBDIR=" + dir.resolve("db"), "--var=RUNDIR=" + dir.resolve("run"),
                    "--var=LOGDIR=" + dir.resolve("log")));
            if (isRoot()) {
                command.addAll(List.of("-u", "_rspamd", "-g", "_rspamd"));
                handOver(dir);
            }
            Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("output.log").toFile()).start();
            RspamdProcess rspamd = new RspamdProcess(dir, port, process);
            rspamd.awaitPing();
            return rspamd;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + BINARY, e);
        }
    }

    /** The normal worker's base URL, e.g. http://127.0.0.1:40123. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public int port() {
        return port;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** rspamd's console output so far. */
    public String output() {
        try {
            return Files.readString(dir.resolve("output.log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }

    private void awaitPing() {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest ping = HttpRequest.newBuilder(url().resolve("/ping")).timeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + START_DEADLINE.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("rspamd exited with " + process.exitValue() + " before answering /ping:\n" + output());
            }
            try {
                HttpResponse<String> r = http.send(ping, HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && r.body().strip().equals("pong")) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            try {
                Thread.sleep(200); // polling interval; the deadline decides
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        String output = output();
        close();
        throw new IllegalStateException("rspamd did not answer /ping on port " + port + " within " + START_DEADLINE + ":\n" + output);
    }

    /** Stops rspamd and its workers and removes its directory. */
    @Override
    public void close() {
        List<ProcessHandle> workers = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        workers.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind
        }
    }

    private static void writeConfig(Path dir, int port, int deadDnsPort) throws IOException {
        Path local = Files.createDirectories(dir.resolve("local.d"));
        Path override = Files.createDirectories(dir.resolve("override.d"));
        for (String d : new String[] {"db", "run", "log"}) {
            Files.createDirectories(dir.resolve(d));
        }
        Files.createDirectories(HYPERSCAN_CACHE);
        Files.writeString(override.resolve("worker-normal.inc"), "bind_socket = \"127.0.0.1:" + port + "\";\ncount = 1;\n");
        Files.writeString(override.resolve("worker-controller.inc"), "enabled = false;\n");
        Files.writeString(override.resolve("worker-proxy.inc"), "enabled = false;\n");
        Files.writeString(override.resolve("logging.inc"), "type = \"console\";\nlevel = \"warning\";\n");
        Files.writeString(local.resolve("options.inc"), "dns { nameserver = [\"127.0.0.1:" + deadDnsPort + "\"]; timeout = 0.2s; retransmits = 1; }\n"
                + "hs_cache_dir = \"" + HYPERSCAN_CACHE + "\";\n");
        for (String module : new String[] {"fuzzy_check", "rbl", "asn", "rspamd_update", "url_redirector"}) {
            Files.writeString(local.resolve(module + ".conf"), "enabled = false;\n");
        }
        Files.writeString(local.resolve("multimap.conf"), """
                CARAVAN_TEST_TAG {
                  type = "header";
                  header = "Subject";
                  regexp = true;
                  map = "${LOCAL_CONFDIR}/tag-subjects.map";
                  score = 7.0;
                  description = "Caravan test: a Subject that makes rspamd add a header";
                }
                """);
        Files.writeString(dir.resolve("tag-subjects.map"), "/" + TAG_SUBJECT + "/i\n");
        Files.writeString(local.resolve("milter_headers.conf"), "use = [\"x-spam-status\"];\nskip_local = false;\nskip_authenticated = false;\n");
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** The workers run as _rspamd: they must read the configuration and write the database directories and the cache. */
    private static void handOver(Path dir) throws IOException {
        UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
        GroupPrincipal group = users.lookupPrincipalByGroupName("_rspamd");
        var user = users.lookupPrincipalByName("_rspamd");
        try (Stream<Path> files = Stream.concat(Files.walk(dir), Files.walk(HYPERSCAN_CACHE))) {
            for (Path p : files.toList()) {
                PosixFileAttributeView view = Files.getFileAttributeView(p, PosixFileAttributeView.class);
                view.setOwner(user);
                view.setGroup(group);
                if (Files.isDirectory(p)) {
                    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
                }
            }
        }
    }

    private static int freeTcpPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
