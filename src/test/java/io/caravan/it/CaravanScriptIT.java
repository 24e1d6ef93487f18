// bin/caravan as an administrator runs it: a POSIX sh launcher that finds the packaged application relative to itself.
package io.caravan.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs after packaging (failsafe), from the project directory, with /bin/sh (dash on Debian: no bashisms). */
class CaravanScriptIT {

    private static final Path SCRIPT = Path.of("bin", "caravan").toAbsolutePath();

    private record Run(int exit, String output) {
    }

    private static Run run(Path script, Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("/bin/sh", script.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process p = builder.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "caravan did not finish: " + output);
        return new Run(p.exitValue(), output);
    }

    @Test
    void helpListsTheVerbs() throws Exception {
        Run help = run(SCRIPT, Map.of(), "--help");
        assertEquals(0, help.exit(), help.output());
        assertTrue(help.output().startsWith("Usage: caravan"), help.output());
        for (String verb : List.of("queue", "track", "quarantine", "poison", "users")) {
            assertTrue(help.output().contains("  " + verb + " "), verb + " in " + help.output());
        }
    }

    @Test
    void aLinkToTheScriptFindsTheApplicationToo(@TempDir Path dir) throws Exception {
        Path link = Files.createSymbolicLink(dir.resolve("caravan"), SCRIPT);
        Run help = run(link, Map.of(), "queue", "--help");
        assertEquals(0, help.exit(), help.output());
        assertTrue(help.output().startsWith("Usage: caravan queue"), help.output());
    }

    @Test
    void anUnreachableServerExitsWith3() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Run list = run(SCRIPT, Map.of("CARAVAN_URL", "http://127.0.0.1:" + port), "queue", "list");
        assertEquals(3, list.exit(), list.output());
        assertTrue(list.output().startsWith("caravan: cannot reach Caravan at http://127.0.0.1:" + port), list.output());
    }

    @Test
    void withoutABuiltApplicationItSaysHowToBuildIt(@TempDir Path dir) throws Exception {
        Path copy = Files.createDirectories(dir.resolve("bin")).resolve("caravan");
        Files.copy(SCRIPT, copy);
        Run run = run(copy, Map.of(), "--help");
        assertEquals(2, run.exit(), run.output());
        assertEquals("caravan: the application is not built; run: (cd " + dir.toRealPath() + " && mvn -q -DskipTests package)\n", run.output());
    }
}
