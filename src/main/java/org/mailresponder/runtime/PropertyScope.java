package org.mailresponder.runtime;

import java.lang.reflect.Field;
import java.util.Set;
import java.util.TreeSet;

import org.apache.camel.PropertyInject;
import org.mailresponder.config.ResponderBeans;
import org.mailresponder.probe.ProbeBeans;

/**
 * Which settings take effect while the service runs. The beans are built once at start from the properties injected
 * into {@link ResponderBeans} and {@link ProbeBeans} ({@code @PropertyInject}), and Camel reads its own {@code camel.*} options once: a
 * change to any of these needs a restart. Every other property is a placeholder in the route files, and the routes
 * are rebuilt when it changes.
 */
public final class PropertyScope {

    /** Read by the service outside {@link ResponderBeans} when it starts. */
    private static final Set<String> READ_AT_START = Set.of("responder.reload.enabled");

    private static final Set<String> BEAN_PROPERTIES = injected(ResponderBeans.class, ProbeBeans.class);

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

    private static Set<String> injected(Class<?>... types) {
        Set<String> keys = new TreeSet<>();
        for (Class<?> type : types) {
            for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
                for (Field f : c.getDeclaredFields()) {
                    PropertyInject p = f.getAnnotation(PropertyInject.class);
                    if (p != null) {
                        keys.add(p.value());
                    }
                }
            }
        }
        return Set.copyOf(keys);
    }
}
