// A real standalone Artemis broker for the tests of several instances: created, started, killed -9, restarted, stopped.
package io.caravan.it;

import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The broker is the {@code apache-artemis} binary distribution that Maven unpacks under
 * {@code target/artemis-dist} (pom.xml, unpack-artemis), or the one the system property
 * {@code artemis.home} names. {@code bin/artemis create} makes an instance listening on loopback only,
 * on a free port chosen at creation, with no web console, a login required, and Caravan's own broker
 * settings ({@code src/main/broker/caravan-broker.xml}, the very snippet the README tells an
 * administrator to use) merged into its {@code etc/broker.xml}. A restart reuses the instance: same
 * port, same journal.
 *
 * <pre>
 * try (ExternalArtemis broker = ExternalArtemis.create(dir)) {
 *     broker.start();                       // returns once a JMS client can connect
 *     List&lt;String&gt; flags = broker.caravanConfig(); // -Dcaravan.broker.url=... and the credentials
 *     broker.kill(); broker.start();        // SIGKILL, then the same broker again
 * }                                         // close() kills whatever still runs
 * </pre>
 */
final class ExternalArtemis implements AutoCloseable {

    static final String USER = "caravan";
    static final String PASSWORD = "caravan-test";
    static final Path CARAVAN_SETTINGS = Path.of("src/main/broker/caravan-broker.xml");

    private final Path instance;
    private final int port;
    private Process process;
    private int runs;

    private ExternalArtemis(Path instance, int port) {
        this.instance = instance;
        this.port = port;
    }

    /** Creates a broker instance in {@code dir} (which must not exist yet or be empty) on a free loopback port. */
    static ExternalArtemis create(Path dir) throws IOException, InterruptedException {
        return create(dir, UnaryOperator.identity());
    }

    /**
     * Like {@link #create(Path)}, with one change to the finished broker.xml (Caravan's settings merged in),
     * e.g. a shorter redelivery delay so that a test sees a poison message within seconds.
     */
    static ExternalArtemis create(Path dir, UnaryOperator<String> brokerXmlEdit) throws IOException, InterruptedException {
        int port = PackagedCaravan.freePort();
        Path instance = dir.toAbsolutePath();
        List<String> cmd = List.of(home().resolve("bin/artemis").toString(), "create", instance.toString(),
                "--silent", "--force", "--host", "127.0.0.1", "--default-port", String.valueOf(port),
                "--no-web", "--no-amqp-acceptor", "--no-hornetq-acceptor", "--no-mqtt-acceptor", "--no-stomp-acceptor",
                "--require-login", "--user", USER, "--password", PASSWORD,
                "--nio", "--no-autotune", "--java-memory", "512M");
        Path log = Files.createDirectories(instance).resolveSibling(instance.getFileName() + "-create.log");
        Process p = withJavaHome(new ProcessBuilder(cmd)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new AssertionError("artemis create failed: " + Files.readString(log));
        }
        Path brokerXml = instance.resolve("etc/broker.xml");
        mergeCaravanSettings(brokerXml);
        Files.writeString(brokerXml, brokerXmlEdit.apply(Files.readString(brokerXml)));
        return new ExternalArtemis(instance, port);
    }

    /** Starts the broker ({@code bin/artemis run}) and returns once a JMS client can log in. */
    void start() throws IOException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("the broker already runs");
        }
        Path log = instance.resolve("log/run-" + (++runs) + ".log");
        Files.createDirectories(log.getParent());
        process = withJavaHome(new ProcessBuilder(instance.resolve("bin/artemis").toString(), "run"))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Process running = process;
        Await.until(() -> {
            if (!running.isAlive()) {
                throw new AssertionError("the broker exited with " + running.exitValue() + ": " + read(log));
            }
            return accepts();
        }, Duration.ofSeconds(90), "the Artemis broker to accept clients on port " + port);
    }

    /** SIGKILL: no shutdown at all; the journal keeps what was synced. */
    void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly().waitFor();
        }
    }

    /** SIGTERM: the broker's own orderly shutdown. */
    void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    boolean isRunning() {
        return process != null && process.isAlive();
    }

    int port() {
        return port;
    }

    String url() {
        return "tcp://127.0.0.1:" + port;
    }

    /** The system properties that point a packaged Caravan at this broker. */
    List<String> caravanConfig() {
        return List.of("-Dcaravan.broker.url=" + url(),
                "-Dquarkus.artemis.username=" + USER, "-Dquarkus.artemis.password=" + PASSWORD);
    }

    /** A JMS connection factory for the test itself (browsing queues, sending a poison message). */
    ActiveMQConnectionFactory connectionFactory() {
        return new ActiveMQConnectionFactory(url(), USER, PASSWORD);
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }

    private boolean accepts() {
        try (ActiveMQConnectionFactory factory = connectionFactory();
             var connection = factory.createConnection()) {
            return true;
        } catch (Exception e) {
            return false; // not listening yet, or still starting
        }
    }

    private static Path home() {
        Path home = Path.of(System.getProperty("artemis.home", "target/artemis-dist/apache-artemis-2.40.0"));
        if (!Files.isExecutable(home.resolve("bin/artemis"))) {
            throw new AssertionError("No Artemis distribution at " + home.toAbsolutePath()
                    + ": mvn generate-test-resources unpacks it (pom.xml, unpack-artemis)");
        }
        return home.toAbsolutePath();
    }

    private static ProcessBuilder withJavaHome(ProcessBuilder pb) {
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        return pb;
    }

    /**
     * Puts Caravan's address settings and addresses into the generated broker.xml, and leaves the broker
     * one protocol (core) on its one acceptor. Text edits, not a DOM round trip: the file keeps its comments.
     */
    static void mergeCaravanSettings(Path brokerXml) throws IOException {
        String snippet = Files.readString(CARAVAN_SETTINGS, StandardCharsets.UTF_8);
        String xml = Files.readString(brokerXml, StandardCharsets.UTF_8);
        xml = insertBefore(xml, "</address-settings>", inner(snippet, "address-settings"));
        xml = insertBefore(xml, "</addresses>", inner(snippet, "addresses"));
        xml = xml.replaceFirst("protocols=[A-Z,]+", "protocols=CORE");
        Files.writeString(brokerXml, xml, StandardCharsets.UTF_8);
    }

    private static String inner(String xml, String element) {
        Matcher m = Pattern.compile("<" + element + ">(.*)</" + element + ">", Pattern.DOTALL).matcher(xml);
        if (!m.find(xml.indexOf("<core "))) { // after the opening comment, which names the elements too
            throw new AssertionError(CARAVAN_SETTINGS + " has no <" + element + ">");
        }
        return m.group(1);
    }

    private static String insertBefore(String xml, String closing, String content) {
        int at = xml.lastIndexOf(closing);
        if (at < 0) {
            throw new AssertionError("the generated broker.xml has no " + closing);
        }
        return xml.substring(0, at) + content + xml.substring(at);
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
