// Runs the packaged jar as an administrator would, for the tests that need a real process (kill -9, stdout, exit code).
package io.caravan.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The jar is {@code target/quarkus-app/quarkus-run.jar}, or the system property caravan.jar. */
final class PackagedCaravan {

    private PackagedCaravan() {
    }

    /** Starts {@code java <config> -jar <jar>} with stdout and stderr going to {@code log}. */
    static Process start(List<String> config, Path log) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(config);
        cmd.add("-jar");
        cmd.add(System.getProperty("caravan.jar", "target/quarkus-app/quarkus-run.jar"));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    static void awaitListening(int port, Process p) {
        Await.until(() -> {
            if (!p.isAlive()) {
                throw new AssertionError("Caravan exited with " + p.exitValue() + " before listening");
            }
            try (Socket s = new Socket("127.0.0.1", port)) {
                return true;
            } catch (IOException e) {
                return false;
            }
        }, Duration.ofSeconds(60), "Caravan listening on " + port);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
