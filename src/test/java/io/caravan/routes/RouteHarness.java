// Runs one file of routes/ unchanged in a plain Camel context, with jms: replaced by QueueStub and the beans a test binds.
package io.caravan.routes;

import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.support.RouteWatcherReloadStrategy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The lightest harness that really runs a route file: no Quarkus, no broker. Bind the beans the
 * file refers to by name ({@link #bind}), set the placeholders it uses ({@link #property}), then
 * {@link #start(String)} loads {@code routes/<file>} through Camel's YAML DSL loader, exactly as
 * Caravan does; a YAML edit that breaks the file fails here. Queues are {@link #queues()}.
 */
public final class RouteHarness implements AutoCloseable {

    private final DefaultCamelContext camel = new DefaultCamelContext();
    private final QueueStub queues = new QueueStub();
    private final Properties properties = new Properties();

    public RouteHarness() {
        camel.addComponent("jms", queues);
    }

    public DefaultCamelContext camel() {
        return camel;
    }

    public QueueStub queues() {
        return queues;
    }

    public RouteHarness bind(String name, Object bean) {
        camel.getRegistry().bind(name, bean);
        return this;
    }

    /**
     * Watches {@code dir} for edits the way Caravan does (application.yaml: camel.main.routes-reload-*,
     * with remove-all-routes false); call before {@link #start(Path)} on a file in that directory.
     */
    public RouteWatcherReloadStrategy watch(Path dir) throws Exception {
        RouteWatcherReloadStrategy reload = new RouteWatcherReloadStrategy(dir.toString());
        reload.setPattern("*.yaml");
        reload.setRemoveAllRoutes(false);
        camel.addService(reload);
        return reload;
    }

    public RouteHarness property(String key, String value) {
        properties.setProperty(key, value);
        return this;
    }

    /** Loads routes/{file} (relative to the project directory, where Maven runs the tests) and starts it. */
    public RouteHarness start(String file) throws Exception {
        return start(Path.of("routes", file));
    }

    /** Loads a route file from anywhere (e.g. a copy a test edits) and starts it. */
    public RouteHarness start(Path path) throws Exception {
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException(path.toAbsolutePath() + " not found: run the tests from the project directory");
        }
        camel.getPropertiesComponent().setInitialProperties(properties);
        camel.start();
        PluginHelper.getRoutesLoader(camel).loadRoutes(ResourceHelper.resolveResource(camel, "file:" + path));
        return this;
    }

    @Override
    public void close() {
        camel.stop();
    }
}
