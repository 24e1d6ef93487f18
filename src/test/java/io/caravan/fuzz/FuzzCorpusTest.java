// Runs every @FuzzTest method of the *Fuzzer classes over its committed corpus: the fuzzers' regression run in mvn verify.
package io.caravan.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The same inputs Jazzer's regression mode would run (the empty input, then every file under
 * {@code <Class>Inputs/<method>/}, crash files included), called directly: Jazzer's agent, which
 * scans the whole test classpath when it starts (50-90 s on a loaded build machine here), is only
 * started by {@code bench/fuzz.sh}. The *Fuzzer classes are not named *Test, so Surefire runs them
 * only through this class. An input passes when its method returns within 10 s.
 */
class FuzzCorpusTest {

    /** Every class holding @FuzzTest methods; {@link #everyCorpusDirectoryBelongsToAFuzzTest} keeps it complete. */
    private static final List<Class<?>> FUZZERS =
            List.of(SmtpFuzzer.class, DkimFuzzer.class, SpfFuzzer.class, PolicyFuzzer.class);

    private static final Duration PER_INPUT = Duration.ofSeconds(10);

    @TestFactory
    Stream<DynamicTest> everyFuzzTestPassesOnItsCorpus() throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        for (Class<?> fuzzer : FUZZERS) {
            Object instance = newInstance(fuzzer);
            for (Method method : fuzzTests(fuzzer)) {
                method.setAccessible(true);
                tests.add(run(fuzzer, method, instance, "<empty input>", new byte[0]));
                for (Path input : corpus(fuzzer, method.getName())) {
                    tests.add(run(fuzzer, method, instance, input.getFileName().toString(), Files.readAllBytes(input)));
                }
            }
        }
        return tests.stream();
    }

    @Test
    void everyCorpusDirectoryBelongsToAFuzzTest() throws Exception {
        TreeSet<String> expected = new TreeSet<>();
        for (Class<?> fuzzer : FUZZERS) {
            for (Method method : fuzzTests(fuzzer)) {
                expected.add(fuzzer.getSimpleName() + "Inputs/" + method.getName());
                assertFalse(corpus(fuzzer, method.getName()).isEmpty(), "no seed inputs for " + fuzzer.getSimpleName()
                        + "#" + method.getName());
            }
        }
        TreeSet<String> found = new TreeSet<>();
        // the source tree when the test runs from the project directory: target/ may hold a renamed corpus's old copy
        Path sources = Path.of("src/test/resources/io/caravan/fuzz");
        try (Stream<Path> classes = Files.list(Files.isDirectory(sources) ? sources : resourceRoot())) {
            for (Path inputs : classes.filter(p -> p.getFileName().toString().endsWith("Inputs")).toList()) {
                try (Stream<Path> methods = Files.list(inputs)) {
                    methods.forEach(m -> found.add(inputs.getFileName() + "/" + m.getFileName()));
                }
            }
        }
        assertEquals(expected, found, "corpus directories and @FuzzTest methods (add a new *Fuzzer class to FUZZERS)");
    }

    private static DynamicTest run(Class<?> fuzzer, Method method, Object instance, String name, byte[] input) {
        return DynamicTest.dynamicTest(fuzzer.getSimpleName() + "#" + method.getName() + " " + name,
                () -> assertTimeoutPreemptively(PER_INPUT, () -> {
                    try {
                        method.invoke(instance, (Object) input);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                }));
    }

    private static List<Method> fuzzTests(Class<?> fuzzer) {
        return Arrays.stream(fuzzer.getDeclaredMethods())
                .filter(m -> m.isAnnotationPresent(FuzzTest.class))
                .sorted(Comparator.comparing(Method::getName))
                .toList();
    }

    private static List<Path> corpus(Class<?> fuzzer, String method) throws IOException, URISyntaxException {
        Path dir = resourceRoot().resolve(fuzzer.getSimpleName() + "Inputs").resolve(method);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private static Path resourceRoot() throws URISyntaxException {
        return Path.of(FuzzCorpusTest.class.getResource("/io/caravan/fuzz").toURI());
    }

    private static Object newInstance(Class<?> fuzzer) throws ReflectiveOperationException {
        var constructor = fuzzer.getDeclaredConstructor();
        constructor.setAccessible(true);
        return constructor.newInstance();
    }
}
