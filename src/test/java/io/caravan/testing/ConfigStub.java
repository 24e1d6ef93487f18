// Test implementations of configuration interfaces: named methods answer, any other fails loudly.
package io.caravan.testing;

import java.lang.reflect.Proxy;
import java.util.Map;

/**
 * A proxy keeps a test independent of settings added to the interfaces later, and a setting the
 * code under test starts reading cannot go unnoticed: it throws rather than answering null.
 */
public final class ConfigStub {

    private ConfigStub() {
    }

    public static <T> T of(Class<T> type, Map<String, Object> answers) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            switch (method.getName()) {
                case "toString":
                    return "test " + type.getSimpleName();
                case "hashCode":
                    return System.identityHashCode(proxy);
                case "equals":
                    return proxy == args[0];
                default:
                    if (!answers.containsKey(method.getName())) {
                        throw new UnsupportedOperationException(type.getSimpleName() + "." + method.getName() + "() is not set in this test");
                    }
                    return answers.get(method.getName());
            }
        }));
    }
}
