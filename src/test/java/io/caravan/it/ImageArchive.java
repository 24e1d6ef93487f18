// A container image saved as a file (`docker save` format): its manifest, its configuration, its layers unpacked.
package io.caravan.it;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The archive holds manifest.json (the tags, the configuration's file name, the layers in order), the configuration
 * (the "config" object: User, Entrypoint, Env, ExposedPorts, WorkingDir) and one tar per layer. Unpacking uses GNU
 * tar, as root, so that owners, modes and links are those a container runtime would create.
 */
record ImageArchive(List<String> repoTags, Map<String, Object> config, Path rootfs) {

    /** Unpacks {@code image} into a fresh {@code dir}: the archive in dir/archive, the layers one over another in dir/rootfs. */
    @SuppressWarnings("unchecked")
    static ImageArchive unpack(Path image, Path dir) throws IOException, InterruptedException {
        if (!Files.isRegularFile(image)) {
            throw new AssertionError(image + " is missing: build it with src/main/image/build.sh");
        }
        if (Files.exists(dir)) {
            try (Stream<Path> old = Files.walk(dir)) { // an earlier run's, deepest first
                for (Path p : old.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Path archive = Files.createDirectories(dir.resolve("archive"));
        Path rootfs = Files.createDirectories(dir.resolve("rootfs"));
        tar("-xf", image.toAbsolutePath().toString(), "-C", archive.toString());
        Yaml json = new Yaml(new LoaderOptions()); // JSON is YAML
        Map<String, Object> manifest = ((List<Map<String, Object>>) json.load(read(archive.resolve("manifest.json")))).get(0);
        for (String layer : (List<String>) manifest.get("Layers")) { // whiteouts: none in our layers, which only add
            tar("--warning=no-unknown-keyword", "-xf", archive.resolve(layer).toString(), "-C", rootfs.toString());
        }
        Map<String, Object> configFile = json.load(read(archive.resolve((String) manifest.get("Config"))));
        return new ImageArchive((List<String>) manifest.get("RepoTags"), (Map<String, Object>) configFile.get("config"), rootfs);
    }

    @SuppressWarnings("unchecked")
    List<String> list(String key) {
        return (List<String>) config.get(key);
    }

    String string(String key) {
        return (String) config.get(key);
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> map(String key) {
        return (Map<String, Object>) config.get(key);
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    private static void tar(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("tar"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError(String.join(" ", cmd) + " failed: " + out);
        }
    }
}
