// The container image (src/main/image/build.sh) is the Helm chart's default and runs Caravan as the chart does.
package io.caravan.it;

import com.marcnuri.helm.Helm;
import io.caravan.testing.DnsResponder;
import io.caravan.testing.SmtpTestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs on the image file the build script writes (target/caravan-image.tar, or -Dcaravan.image), after it: .ci/image
 * builds it and runs this class; the plain {@code mvn verify} leaves it out (failsafe excludes). No container engine:
 * the layers are unpacked and Caravan starts in them under bubblewrap, as the chart's pod would run it: the image's
 * user, entrypoint, environment and working directory, a read-only root, the chart's ConfigMap and environment, and
 * writable volumes only at the data directory and /tmp. Needs root (to unpack with owners and switch user) and bwrap.
 */
class ContainerImageIT {

    private static final Path IMAGE = Path.of(System.getProperty("caravan.image", "target/caravan-image.tar"));
    private static final Path CHART = Path.of("helm/caravan");
    private static final String TOKEN = "image-test-token-0123456789";

    private static ImageArchive image;
    private static Path dir;
    private final List<Process> processes = new ArrayList<>();

    @BeforeAll
    static void unpack() throws Exception {
        dir = Path.of("target", "container-image-it"); // one fixed place: an unpacked image is 600 MB
        image = ImageArchive.unpack(IMAGE, dir);
    }

    @AfterEach
    void stop() {
        processes.forEach(Process::destroyForcibly); // bwrap --die-with-parent takes the sandbox down with it
    }

    @Test
    void theChartsDefaultImageIsThisImageRunAsItsNonRootUser() {
        Map<String, Object> pod = podSpec(new Helm(CHART).template().withName("caravan").call());
        Map<String, Object> container = container(pod);
        assertEquals(List.of(container.get("image")), image.repoTags(), "the chart's default image: caravan:<appVersion>");
        Map<?, ?> security = (Map<?, ?>) pod.get("securityContext");
        assertEquals(security.get("runAsUser") + ":" + security.get("runAsGroup"), image.string("User"));
        assertNotEquals("0", image.string("User").split(":")[0]);
        Set<String> ports = new TreeSet<>();
        for (Object port : (List<?>) container.get("ports")) {
            ports.add(((Map<?, ?>) port).get("containerPort") + "/tcp");
        }
        assertEquals(ports, new TreeSet<>(image.map("ExposedPorts").keySet()), "SMTP, submission and admin ports");
    }

    @Test
    void theEntrypointRunsTheQuarkusJarWithTheChartsJavaOptions() {
        assertEquals("/deployments", image.string("WorkingDir"));
        assertEquals(List.of("/bin/sh", "-c", "exec java $JAVA_OPTS_APPEND -jar /deployments/quarkus-run.jar \"$@\"", "caravan"),
                image.list("Entrypoint"));
        assertTrue(Files.isRegularFile(image.rootfs().resolve("deployments/quarkus-run.jar")));
        assertTrue(Files.isDirectory(image.rootfs().resolve("deployments/lib/main")));
        assertTrue(Files.isExecutable(image.rootfs().resolve("usr/lib/jvm/java-17-openjdk-amd64/bin/java")));
    }

    @Test
    void theImageShipsTheRoutesOfThisCheckout() throws IOException {
        Path shipped = image.rootfs().resolve("deployments/routes");
        List<String> names;
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            names = files.map(p -> p.getFileName().toString()).sorted().toList();
        }
        try (Stream<Path> files = Files.list(shipped)) {
            assertEquals(names, files.map(p -> p.getFileName().toString()).sorted().toList());
        }
        for (String name : names) {
            assertArrayEquals(Files.readAllBytes(Path.of("routes", name)), Files.readAllBytes(shipped.resolve(name)), name);
        }
    }

    @Test
    void caravanInTheImageAcceptsAndDeliversMailAsTheChartRunsIt() throws Exception {
        try (DnsResponder dns = DnsResponder.start()) { // first: its port is then not one of the three below
            int smtp = PackagedCaravan.freePort();
            int submission = PackagedCaravan.freePort();
            int admin = PackagedCaravan.freePort();
            String manifests = new Helm(CHART).template().withName("caravan")
                    .set("smtp.ports.smtp.containerPort", smtp).set("smtp.ports.submission.containerPort", submission)
                    .set("admin.service.port", admin).set("config.caravan.hostname", "caravan.test")
                    .set("config.caravan.dns.servers[0]", dns.address())
                    .set("config.caravan.dkim.example\\.com.selector", "s1") // a generated RSA key: the native provider loads
                    .call();
            Path run = Files.createDirectories(dir.resolve("run"));
            Path config = Files.createDirectories(run.resolve("config"));
            Files.writeString(config.resolve("application.yaml"), HelmConfigIT.configMap(manifests));
            Path data = owned(Files.createDirectories(run.resolve("data")));
            Path tmp = Files.createDirectories(run.resolve("tmp"));
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxrwxrwx")); // as an emptyDir
            Path log = run.resolve("caravan.log");
            Process p = sandbox(container(podSpec(manifests)), data, tmp, config).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            processes.add(p);
            PackagedCaravan.awaitListening(smtp, p);

            try (SmtpTestClient c = SmtpTestClient.connect(smtp)) {
                assertTrue(c.greeting().last().startsWith("220 caravan.test"));
                assertEquals(250, c.command("EHLO client.example.org").code());
                SmtpTestClient.Reply sent = c.sendMessage("someone@example.org", List.of("user@example.com"),
                        "Subject: from the image\r\n\r\nhello\r\n".getBytes(StandardCharsets.US_ASCII));
                assertEquals(250, sent.code(), sent.text());
            }
            Path inbox = data.resolve("maildir/example.com/user/new");
            Await.until(() -> {
                try (Stream<Path> files = Files.exists(inbox) ? Files.list(inbox) : Stream.empty()) {
                    return files.findAny().orElse(null);
                } catch (IOException e) {
                    return null;
                }
            }, Duration.ofSeconds(30), "the message in the mailbox under the data volume");
            assertEquals(200, ready(admin), "readiness, as the chart's probe asks");
            String out = Files.readString(log);
            assertTrue(out.contains("DKIM RSA signatures run on the native provider"), "native RSA loads from /tmp:\n" + out);
        }
    }

    /** bwrap with the image as a read-only root; setpriv becomes the image's user, then runs its entrypoint. */
    private static ProcessBuilder sandbox(Map<String, Object> container, Path data, Path tmp, Path config) {
        for (String mountPoint : List.of("tmp", "var/lib/caravan", "etc/caravan/config")) { // as a container runtime does
            try {
                Files.createDirectories(image.rootfs().resolve(mountPoint));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        List<String> cmd = new ArrayList<>(List.of("bwrap", "--ro-bind", image.rootfs().toString(), "/",
                "--proc", "/proc", "--dev", "/dev", "--bind", tmp.toString(), "/tmp",
                "--bind", data.toString(), "/var/lib/caravan", "--ro-bind", config.toString(), "/etc/caravan/config",
                "--chdir", image.string("WorkingDir"), "--unshare-pid", "--die-with-parent", "--clearenv"));
        for (String env : image.list("Env")) {
            int eq = env.indexOf('=');
            cmd.addAll(List.of("--setenv", env.substring(0, eq), env.substring(eq + 1)));
        }
        for (Object e : (List<?>) container.get("env")) {
            Map<?, ?> env = (Map<?, ?>) e;
            Object value = env.containsKey("value") ? env.get("value") : TOKEN; // the admin token from its Secret
            cmd.addAll(List.of("--setenv", (String) env.get("name"), String.valueOf(value)));
        }
        String[] user = image.string("User").split(":");
        cmd.addAll(List.of("--", "/usr/bin/setpriv", "--reuid=" + user[0], "--regid=" + user[1], "--clear-groups", "--"));
        cmd.addAll(image.list("Entrypoint"));
        return new ProcessBuilder(cmd);
    }

    /** The data volume, owned by the image's user as the chart's fsGroup makes it. */
    private static Path owned(Path path) throws IOException {
        String[] user = image.string("User").split(":");
        Files.setAttribute(path, "unix:uid", Integer.parseInt(user[0]));
        Files.setAttribute(path, "unix:gid", Integer.parseInt(user[1]));
        return path;
    }

    private static int ready(int admin) {
        HttpClient http = HttpClient.newHttpClient();
        URI uri = URI.create("http://127.0.0.1:" + admin + "/q/health/ready");
        return Await.until(() -> {
            try {
                int code = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
                return code == 200 ? code : null;
            } catch (IOException e) {
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }, Duration.ofSeconds(30), "/q/health/ready");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> podSpec(String manifests) {
        for (Object o : new Yaml(new LoaderOptions()).loadAll(manifests)) {
            if (o instanceof Map<?, ?> m && List.of("StatefulSet", "Deployment").contains(m.get("kind"))) {
                Map<String, Object> template = (Map<String, Object>) ((Map<String, Object>) m.get("spec")).get("template");
                return (Map<String, Object>) template.get("spec");
            }
        }
        throw new AssertionError("no workload in\n" + manifests);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> container(Map<String, Object> podSpec) {
        return ((List<Map<String, Object>>) podSpec.get("containers")).get(0);
    }
}
