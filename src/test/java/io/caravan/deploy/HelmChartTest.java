// helm/caravan rendered and linted by real Helm (helm-java runs it in-process): both shapes, with assertions on objects.
package io.caravan.deploy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HelmChartTest {

    static final Path CHART = Path.of("helm/caravan");

    @Test
    void theChartLintsCleanInStrictMode() {
        LintResult lint = new Helm(CHART).lint().strict().call();
        assertFalse(lint.isFailed(), String.join("\n", lint.getMessages()));
    }

    @Test
    void byDefaultOneInstanceWithTheEmbeddedBrokerKeepsItsJournalOnAVolume() {
        Rendered r = render(t -> t);
        Map<String, Object> sts = r.one("StatefulSet");
        assertEquals(1, (Integer) at(sts, "spec", "replicas"));
        assertTrue(r.all("Deployment").isEmpty(), "no Deployment in the embedded shape");
        Map<String, Object> claim = first(at(sts, "spec", "volumeClaimTemplates"));
        assertEquals("data", at(claim, "metadata", "name"));
        assertEquals("10Gi", at(claim, "spec", "resources", "requests", "storage"));
        assertEquals("caravan-headless", at(sts, "spec", "serviceName"));
        assertTrue(mounts(sts).containsKey("/var/lib/caravan"));
        String config = r.config();
        assertTrue(config.contains("data-dir: /var/lib/caravan"), config);
        assertFalse(config.contains("broker:"), "the embedded broker needs no url: " + config);
    }

    @Test
    void withAnExternalBrokerSeveralInstancesRunAsADeployment() {
        Rendered r = render(t -> t.set("broker.external", "true").set("broker.url", "tcp://artemis:61616").set("replicas", "3"));
        Map<String, Object> deployment = r.one("Deployment");
        assertEquals(3, (Integer) at(deployment, "spec", "replicas"));
        assertTrue(r.all("StatefulSet").isEmpty());
        assertTrue(r.config().contains("url: tcp://artemis:61616"), r.config());
        assertTrue(r.all("Service").stream().noneMatch(s -> "caravan-headless".equals(at(s, "metadata", "name"))));
    }

    @Test
    void withAnExternalBrokerEachInstanceFindsItsPeersThroughAHeadlessServiceOfTheAdminPort() {
        Rendered r = render(t -> t.set("broker.external", "true").set("broker.url", "tcp://artemis:61616"));
        Map<String, Object> peers = r.named("Service", "caravan-peers");
        assertEquals("None", at(peers, "spec", "clusterIP"));
        Map<String, Object> port = first(at(peers, "spec", "ports"));
        assertEquals(8080, port.get("port"));
        assertEquals("admin", port.get("targetPort"));
        assertTrue(r.config().contains("dns-name: caravan-peers.mail.svc"), r.config());
        assertTrue(r.config().contains("port: 8080"), r.config());

        Rendered embedded = render(t -> t);
        assertTrue(embedded.all("Service").stream().noneMatch(s -> "caravan-peers".equals(at(s, "metadata", "name"))));
        assertFalse(embedded.config().contains("peers:"), "one instance has no peers: " + embedded.config());
    }

    @Test
    void theSmtpServiceKeepsTheClientAddressAndMapsTheWellKnownPorts() {
        Rendered r = render(t -> t);
        Map<String, Object> smtp = r.named("Service", "caravan-smtp");
        assertEquals("LoadBalancer", at(smtp, "spec", "type"));
        assertEquals("Local", at(smtp, "spec", "externalTrafficPolicy"));
        List<Map<String, Object>> ports = at(smtp, "spec", "ports");
        assertEquals(25, ports.get(0).get("port"));
        assertEquals("smtp", ports.get(0).get("targetPort"));
        assertEquals(587, ports.get(1).get("port"));
        Map<String, Object> admin = r.named("Service", "caravan-admin");
        assertEquals("ClusterIP", at(admin, "spec", "type"), "the admin port stays inside the cluster");
        Map<String, Object> container = container(r.one("StatefulSet"));
        List<Map<String, Object>> containerPorts = at(container, "ports");
        assertEquals(2525, containerPorts.get(0).get("containerPort"), "non-root cannot bind 25: the Service maps it");
        assertTrue(r.config().contains("port: 2525"), r.config());
    }

    @Test
    void thePodRunsNonRootOnAReadOnlyRootWithProbesAndAGracefulStop() {
        Map<String, Object> sts = render(t -> t).one("StatefulSet");
        Map<String, Object> pod = at(sts, "spec", "template", "spec");
        assertEquals(true, at(pod, "securityContext", "runAsNonRoot"));
        Map<String, Object> container = container(sts);
        assertEquals(true, at(container, "securityContext", "readOnlyRootFilesystem"));
        assertEquals(false, at(container, "securityContext", "allowPrivilegeEscalation"));
        assertEquals(List.of("ALL"), at(container, "securityContext", "capabilities", "drop"));
        assertEquals("/q/health/started", at(container, "startupProbe", "httpGet", "path"));
        assertEquals("/q/health/live", at(container, "livenessProbe", "httpGet", "path"));
        assertEquals("/q/health/ready", at(container, "readinessProbe", "httpGet", "path"));
        assertEquals(5, (Integer) at(container, "lifecycle", "preStop", "sleep", "seconds"));
        assertEquals(45, (Integer) at(pod, "terminationGracePeriodSeconds"), "pre-stop 5 s + shutdown 30 s + margin 10 s");
        assertTrue(mounts(sts).containsKey("/tmp"), "a writable /tmp on a read-only root");
        assertTrue(render(t -> t).config().contains("drain-timeout: 30s"), "SIGTERM drains for the chart's timeout");
        assertNotNull(at(container, "resources", "limits", "memory"));
    }

    @Test
    void adminTokensComeFromASecretAndTheAdminPortListensBeyondLoopbackOnlyWithThem() {
        Rendered r = render(t -> t);
        Map<String, Object> secret = r.named("Secret", "caravan-admin");
        String token = at(secret, "data", "ops");
        assertTrue(java.util.Base64.getDecoder().decode(token).length >= 16, "a generated token of at least 16 characters");
        List<Map<String, Object>> env = at(container(r.one("StatefulSet")), "env");
        Map<String, Object> tokenEnv = env.stream().filter(e -> "CARAVAN_ADMIN_TOKEN_OPS".equals(e.get("name"))).findFirst().orElseThrow();
        assertEquals("caravan-admin", at(tokenEnv, "valueFrom", "secretKeyRef", "name"));
        String config = r.config();
        assertTrue(config.contains("host: 0.0.0.0"), config);
        assertTrue(config.contains("token: ${CARAVAN_ADMIN_TOKEN_OPS}"), config);
        assertTrue(config.contains("role: admin"), config);

        Rendered own = render(t -> t.set("admin.tokensSecret", "my-tokens"));
        assertTrue(own.all("Secret").isEmpty(), "an existing Secret is used, none created");
    }

    @Test
    void existingSecretsAndConfigMapsAreMountedWhereTheConfigurationPoints() {
        Rendered r = render(t -> t.set("tls.existingSecret", "mx-tls").set("auth.usersSecret", "mx-users")
                .set("dkim.existingSecret", "mx-dkim").set("routes.existingConfigMap", "my-routes"));
        Map<String, Object> sts = r.one("StatefulSet");
        Map<String, Object> mounts = mounts(sts);
        assertTrue(mounts.keySet().containsAll(List.of("/etc/caravan/tls", "/etc/caravan/users", "/etc/caravan/dkim", "/etc/caravan/routes")), mounts.toString());
        String config = r.config();
        assertTrue(config.contains("certificate: /etc/caravan/tls/tls.crt"), config);
        assertTrue(config.contains("users-file: /etc/caravan/users/users"), config);
        assertTrue(config.contains("routes-dir: /etc/caravan/routes"), config);
    }

    @Test
    void theAdministratorsConfigurationIsMergedButCannotMoveTheChartsPaths() {
        Rendered r = render(t -> t.set("config.caravan.accepted-domains[0]", "example.org").set("config.caravan.data-dir", "/elsewhere"));
        String config = r.config();
        assertTrue(config.contains("- example.org"), config);
        assertTrue(config.contains("data-dir: /var/lib/caravan") && !config.contains("/elsewhere"), config);
    }

    @Test
    void aDisruptionBudgetAndANetworkPolicyProtectTheInstances() {
        Rendered r = render(t -> t);
        assertEquals(1, (Integer) at(r.one("PodDisruptionBudget"), "spec", "maxUnavailable"));
        Map<String, Object> policy = r.one("NetworkPolicy");
        List<Map<String, Object>> ingress = at(policy, "spec", "ingress");
        assertFalse(ingress.get(0).containsKey("from"), "SMTP is open to everyone by default");
        assertNotNull(ingress.get(1).get("from"), "the admin port is not");
    }

    @Test
    void impossibleValuesStopTheRenderingWithTheKeyToChange() {
        Exception e = assertThrows(Exception.class, () -> render(t -> t.set("broker.external", "true")));
        assertTrue(e.getMessage().contains("broker.url"), e.getMessage());
        Exception role = assertThrows(Exception.class, () -> render(t -> t.set("admin.tokens[0].name", "ops").set("admin.tokens[0].role", "root")));
        assertTrue(role.getMessage().contains("not viewer or admin"), role.getMessage());
    }

    // --- rendering and reading the objects ---

    static Rendered render(UnaryOperator<TemplateCommand> values) {
        String manifests = values.apply(new Helm(CHART).template().withName("caravan").withNamespace("mail")).call();
        List<Map<String, Object>> objects = new ArrayList<>();
        for (Object o : new Yaml(new LoaderOptions()).loadAll(manifests)) {
            if (o instanceof Map<?, ?> m) {
                @SuppressWarnings("unchecked")
                Map<String, Object> object = (Map<String, Object>) m;
                objects.add(object);
            }
        }
        return new Rendered(objects);
    }

    record Rendered(List<Map<String, Object>> objects) {
        List<Map<String, Object>> all(String kind) {
            return objects.stream().filter(o -> kind.equals(o.get("kind"))).toList();
        }

        Map<String, Object> one(String kind) {
            List<Map<String, Object>> found = all(kind);
            assertEquals(1, found.size(), "one " + kind);
            return found.get(0);
        }

        Map<String, Object> named(String kind, String name) {
            return all(kind).stream().filter(o -> name.equals(at(o, "metadata", "name"))).findFirst()
                    .orElseThrow(() -> new AssertionError("no " + kind + " " + name));
        }

        String config() {
            return at(one("ConfigMap"), "data", "application.yaml");
        }
    }

    static Map<String, Object> container(Map<String, Object> workload) {
        return first(at(workload, "spec", "template", "spec", "containers"));
    }

    static Map<String, Object> mounts(Map<String, Object> workload) {
        Map<String, Object> byPath = new java.util.HashMap<>();
        List<Map<String, Object>> mounts = at(container(workload), "volumeMounts");
        mounts.forEach(m -> byPath.put((String) m.get("mountPath"), m.get("name")));
        return byPath;
    }

    static Map<String, Object> first(List<Map<String, Object>> list) {
        return list.get(0);
    }

    @SuppressWarnings("unchecked")
    static <T> T at(Map<String, Object> object, String... path) {
        Object o = object;
        for (String key : path) {
            o = ((Map<String, Object>) o).get(key);
            if (o == null) {
                throw new AssertionError("no " + String.join(".", path) + " in " + object);
            }
        }
        return (T) o;
    }
}
