// The configuration the Helm chart writes starts the packaged Caravan: no unknown key, the admin port locked by tokens.
package io.caravan.it;

import com.marcnuri.helm.Helm;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class HelmConfigIT {

    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void killAll() {
        processes.forEach(Process::destroyForcibly);
    }

    @Test
    void theChartsConfigMapStartsCaravanWithTheAdminPortLockedByTheSecretsToken() throws Exception {
        Path dir = Files.createTempDirectory(Path.of("target"), "helm-config-");
        int smtp = PackagedCaravan.freePort();
        int submission = PackagedCaravan.freePort();
        int admin = PackagedCaravan.freePort();
        String config = configMap(new Helm(Path.of("helm/caravan")).template().withName("caravan")
                .set("smtp.ports.smtp.containerPort", smtp).set("smtp.ports.submission.containerPort", submission)
                .set("admin.service.port", admin).set("config.caravan.hostname", "caravan.test").call())
                .replace("/var/lib/caravan", dir.resolve("data").toAbsolutePath().toString());
        Path file = dir.resolve("application.yaml");
        Files.writeString(file, config);

        String token = "helm-test-token-0123456789";
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", System.getProperty("caravan.jar", "target/quarkus-app/quarkus-run.jar")));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("caravan.log").toFile());
        pb.environment().put("QUARKUS_CONFIG_LOCATIONS", file.toAbsolutePath().toString());
        pb.environment().put("CARAVAN_ADMIN_TOKEN_OPS", token); // what the chart maps from its Secret
        Process p = pb.start();
        processes.add(p);
        PackagedCaravan.awaitListening(smtp, p);
        PackagedCaravan.awaitListening(admin, p); // the HTTP server opens after the receive connectors: under load, seconds later

        HttpClient http = HttpClient.newHttpClient();
        URI queues = URI.create("http://127.0.0.1:" + admin + "/api/queues");
        assertEquals(401, http.send(HttpRequest.newBuilder(queues).build(), HttpResponse.BodyHandlers.discarding()).statusCode());
        assertEquals(200, http.send(HttpRequest.newBuilder(queues).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode());
        URI ready = URI.create("http://127.0.0.1:" + admin + "/q/health/ready");
        String body = Await.until(() -> {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString());
                return r.statusCode() == 200 ? r.body() : null;
            } catch (Exception e) {
                return null;
            }
        }, Duration.ofSeconds(30), "the readiness probe the chart uses");
        assertEquals(true, body.contains("UP"), body);
    }

    @SuppressWarnings("unchecked")
    static String configMap(String manifests) {
        for (Object o : new Yaml(new LoaderOptions()).loadAll(manifests)) {
            if (o instanceof Map<?, ?> m && "ConfigMap".equals(m.get("kind"))) {
                return ((Map<String, String>) m.get("data")).get("application.yaml");
            }
        }
        throw new AssertionError("no ConfigMap in\n" + manifests);
    }
}
