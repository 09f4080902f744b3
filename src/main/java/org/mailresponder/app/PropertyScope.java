package org.mailresponder.app;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.Set;
import java.util.TreeSet;

import org.apache.camel.PropertyInject;

/**
 * Which settings take effect while the service runs. The beans are made once at start from the properties their
 * configuration classes take ({@code @PropertyInject} parameters, {@link ServiceBeans#AREAS}), and
 * Camel reads its own {@code camel.*} options once: a change to any of these needs a restart. Every other property
 * is a placeholder in the route files, and the routes are rebuilt when it changes.
 */
public final class PropertyScope {

    /** Read by the service outside the configuration classes when it starts. */
    private static final Set<String> READ_AT_START = Set.of("responder.reload.enabled");

    private static final Set<String> BEAN_PROPERTIES = injected(ServiceBeans.AREAS);

    private PropertyScope() {
    }

    public static boolean needsRestart(String key) {
        return key.startsWith("camel.") || BEAN_PROPERTIES.contains(key) || READ_AT_START.contains(key);
    }

    /** The responder properties read once at start, sorted (for the README's list and its test). */
    public static Set<String> restartProperties() {
        Set<String> all = new TreeSet<>(BEAN_PROPERTIES);
        all.addAll(READ_AT_START);
        return all;
    }

    private static Set<String> injected(Iterable<? extends Class<?>> types) {
        Set<String> keys = new TreeSet<>();
        for (Class<?> type : types) {
            for (Method m : type.getDeclaredMethods()) {
                for (Annotation[] parameter : m.getParameterAnnotations()) {
                    for (Annotation a : parameter) {
                        if (a instanceof PropertyInject p) {
                            keys.add(p.value());
                        }
                    }
                }
            }
        }
        return Set.copyOf(keys);
    }
}
