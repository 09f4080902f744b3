package org.mailresponder.camel;

import org.apache.camel.Ordered;
import org.apache.camel.component.properties.PropertiesComponent;
import org.apache.camel.spi.PropertiesSource;
import org.apache.camel.util.IOHelper;

/**
 * Environment variables ({@code RESPONDER_DB_URL} for {@code responder.db.url}) as a properties source placed
 * between {@code -D} system properties and {@code application.properties}.
 *
 * <p>Camel's properties component looks the environment up <em>before</em> JVM system properties, so out of the box
 * {@code RESPONDER_FROM_NAME} beats {@code -Dresponder.from-name}, while Camel Main's own {@code camel.*} options go
 * the other way ({@code -D} is applied last and wins). Operators expect {@code -D} to win everywhere:
 * {@link #install} switches the component's own environment lookup off and puts this source in front of the
 * properties files, so the order is {@code -D}, environment, the properties files.
 */
public final class EnvironmentPropertiesSource implements PropertiesSource, Ordered {

    /** Before the properties file locations, which Camel numbers from 100. */
    static final int ORDER = 50;

    @Override
    public String getName() {
        return "environment";
    }

    @Override
    public String getProperty(String name) {
        return IOHelper.lookupEnvironmentVariable(name);
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    /** {@code -D} > environment > properties files, for every property the component resolves from now on. */
    public static void install(org.apache.camel.spi.PropertiesComponent component) {
        if (component instanceof PropertiesComponent pc) {
            pc.setEnvironmentVariableMode(PropertiesComponent.ENVIRONMENT_VARIABLES_MODE_NEVER);
            pc.setSystemPropertiesMode(PropertiesComponent.SYSTEM_PROPERTIES_MODE_OVERRIDE);
            pc.addPropertiesSource(new EnvironmentPropertiesSource());
        }
    }
}
