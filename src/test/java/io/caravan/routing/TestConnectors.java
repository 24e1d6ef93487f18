// Test fixture: send connectors built from configuration values, as SmallRye Config would hand them over (also for route tests).
package io.caravan.routing;

import io.caravan.config.CaravanConfig;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

public final class TestConnectors {

    private TestConnectors() {
    }

    /** One configured connector. */
    public record Conn(List<String> addressSpaces, Optional<List<String>> smarthosts, int port,
            Optional<String> maildir) implements SendConnectorsConfig.SendConnector {

        public static Conn mx(String... spaces) {
            return new Conn(List.of(spaces), Optional.empty(), 25, Optional.empty());
        }

        public static Conn smarthost(List<String> hosts, int port, String... spaces) {
            return new Conn(List.of(spaces), Optional.of(hosts), port, Optional.empty());
        }

        public static Conn maildir(String dir, String... spaces) {
            return new Conn(List.of(spaces), Optional.empty(), 25, Optional.of(dir));
        }
    }

    public static SendConnectors of(Map<String, SendConnectorsConfig.SendConnector> config, Path dataDir) {
        SendConnectorsConfig mapping = () -> config;
        return new SendConnectors(mapping, core(dataDir.toString()));
    }

    /**
     * The core settings: only dataDir() answers; any other method fails loudly. A proxy keeps the
     * tests independent of settings added to CaravanConfig later.
     */
    private static CaravanConfig core(String dataDir) {
        return (CaravanConfig) Proxy.newProxyInstance(CaravanConfig.class.getClassLoader(),
                new Class<?>[] {CaravanConfig.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "dataDir" -> dataDir;
                    case "toString" -> "test CaravanConfig";
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException("CaravanConfig." + method.getName() + "() is not used by SendConnectors");
                });
    }
}
