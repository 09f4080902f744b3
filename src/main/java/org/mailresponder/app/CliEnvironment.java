package org.mailresponder.app;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.properties.PropertiesComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spi.PropertiesSource;
import org.apache.camel.spi.Registry;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.mailresponder.admin.AdminEnvironment;
import org.mailresponder.admin.ResponderProperties;
import org.mailresponder.compose.AnswerComposer;
import org.mailresponder.compose.DeliveryMethods;
import org.mailresponder.compose.LocalAttachmentStore;
import org.mailresponder.config.AttachmentCheck;
import org.mailresponder.config.ResponderConfigHolder;
import org.mailresponder.config.ResponderConfigParser;
import org.mailresponder.database.DatabaseErrors;
import org.mailresponder.database.H2AdminServer;
import org.mailresponder.dkim.AnswerSigner;
import org.mailresponder.screen.RequestIntake;
import org.mailresponder.ratelimit.RecipientBounds;
import org.mailresponder.ratelimit.RequestLedger;
import org.mailresponder.inbound.SenderIdentity;
import org.mailresponder.ratelimit.SenderLimits;
import org.mailresponder.ratelimit.SenderLists;
import org.mailresponder.s3.S3ObjectCheck;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The admin commands' environment: the service's configuration classes ({@link ServiceBeans#AREAS})
 * run in a Camel context that is never started (unless {@code send} starts the delivery routes), each only when a
 * command first needs its beans, so a DKIM key or an S3 config source configured for the service applies to the
 * commands too, and {@code config validate} needs no database.
 */
final class CliEnvironment implements AdminEnvironment {

    private final ResponderProperties properties;
    private final Map<String, String> overrides = new LinkedHashMap<>();
    private final Set<Class<?>> configured = new HashSet<>();
    private DefaultCamelContext camel;
    private Services services;

    CliEnvironment(ResponderProperties properties) {
        this.properties = properties;
    }

    @Override
    public AdminEnvironment with(String key, String value) {
        overrides.put(key, value);
        if (camel != null) {
            camel.getPropertiesComponent().addOverrideProperty(key, value);
        }
        return this;
    }

    @Override
    public String property(String key) {
        String v = overrides.get(key);
        return v != null ? v : properties.get(key);
    }

    @Override
    public DataSource database() {
        return bean("dataSource", DataSource.class, DatabaseBeans.class);
    }

    /**
     * The configured database, or — for the embedded H2 file, which a running service holds locked — the service's
     * loopback admin server when it advertises one that answers. A stale advertisement (the service was killed) is
     * ignored and the file is opened directly.
     */
    private String databaseUrl() {
        String configured = property("responder.db.url");
        Optional<String> served = H2AdminServer.advertisedUrl(configured);
        if (served.isPresent()) {
            try (Connection c = DriverManager.getConnection(served.get(), property("responder.db.user"),
                    property("responder.db.password"))) {
                return served.get();
            } catch (SQLException e) {
                if (!isConnectionRefused(e)) {
                    throw new IllegalStateException(DatabaseErrors.describe(served.get(), e), e);
                }
            }
        }
        if (H2AdminServer.isEmbeddedFile(configured)) {
            // one direct attempt, so a locked file is reported at once and by name, not after a pool timeout
            try (Connection c = DriverManager.getConnection(configured + ";TRACE_LEVEL_FILE=0",
                    property("responder.db.user"), property("responder.db.password"))) {
                c.isValid(1);
            } catch (SQLException e) {
                throw new IllegalStateException(DatabaseErrors.describe(configured, e), e);
            }
        }
        return configured;
    }

    private static boolean isConnectionRefused(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.ConnectException) {
                return true;
            }
        }
        return false;
    }

    @Override
    public ResponderConfigHolder configHolder(String location) {
        return new ResponderConfigHolder(ConfigBeans.configSource(location, this::s3), parser(), attachmentCheck());
    }

    @Override
    public ResponderConfigParser parser() {
        return new ResponderConfigParser(property("responder.config.legacy-attachment-key"),
                property("responder.config.legacy-attachment-filename"));
    }

    /** Local files, or an S3 HEAD per object: a config is checked without filling the service's cache. */
    @Override
    public AttachmentCheck attachmentCheck() {
        if (property("responder.attachments.source").strip().toLowerCase(Locale.ROOT).equals("s3")) {
            long max = Long.parseLong(property("responder.attachments.cache-max-bytes").strip());
            return ref -> S3ObjectCheck.head(s3(), ref.bucket(), ref.key(), max);
        }
        LocalAttachmentStore local = new LocalAttachmentStore(Path.of(property("responder.buckets-dir")));
        return ref -> local.checkReadable(ref.bucket(), ref.key());
    }

    private S3Client s3() {
        return bean("s3Client", S3Client.class, S3Beans.class);
    }

    @Override
    public SenderLists senderLists() {
        return bean("senderLists", SenderLists.class, DatabaseBeans.class, LimitBeans.class);
    }

    @Override
    public SenderIdentity senderIdentity() {
        return bean("senderIdentity", SenderIdentity.class, DatabaseBeans.class, LimitBeans.class);
    }

    @Override
    public SenderLimits senderLimits() {
        return bean("senderLimits", SenderLimits.class, DatabaseBeans.class, LimitBeans.class);
    }

    @Override
    public RecipientBounds recipientBounds() {
        return bean("recipientBounds", RecipientBounds.class, DatabaseBeans.class, LimitBeans.class);
    }

    /** All of the service's beans, made once, without starting any route. */
    @Override
    public Services services() {
        if (services == null) {
            ServiceBeans.AREAS.forEach(this::configure);
            Registry registry = camel.getRegistry();
            services = new Services(
                    registry.lookupByNameAndType("configHolder", ResponderConfigHolder.class),
                    registry.lookupByNameAndType("intake", RequestIntake.class),
                    registry.lookupByNameAndType("composer", AnswerComposer.class),
                    registry.lookupByNameAndType("dkimSigner", AnswerSigner.class),
                    registry.lookupByNameAndType("deliveryMethods", DeliveryMethods.class),
                    registry.lookupByNameAndType("senderLimits", SenderLimits.class),
                    registry.lookupByNameAndType("senderIdentity", SenderIdentity.class),
                    registry.lookupByNameAndType("requestLedger", RequestLedger.class));
        }
        return services;
    }

    /**
     * Starts the service's delivery routes in this command's context: the route files the service reads, keeping
     * only the routes that start from {@code direct:} (nothing that polls a maildir or mailbox, no timer, no Quartz
     * job), so {@code direct:send-once} claims, signs and delivers exactly as the service does.
     */
    @Override
    public ProducerTemplate deliveryRoutes() throws Exception {
        services();
        if (!camel.isStarted()) {
            camel.disableJMX();
            List<Resource> resources = new ArrayList<>();
            for (String location : ResponderService.routeLocations(Path.of(""))) {
                resources.addAll(PluginHelper.getPackageScanResourceResolver(camel).findResources(location));
            }
            if (resources.isEmpty()) {
                throw new IllegalStateException("no route files at " + ResponderService.routesPattern(Path.of("")));
            }
            PluginHelper.getRoutesLoader(camel).loadRoutes(resources);
            List<RouteDefinition> polling = camel.getRouteDefinitions().stream()
                    .filter(r -> !r.getInput().getEndpointUri().startsWith("direct:")).toList();
            camel.removeRouteDefinitions(polling);
            camel.start();
        }
        return camel.createProducerTemplate();
    }

    @SafeVarargs
    private <T> T bean(String name, Class<T> type, Class<?>... configurations) {
        for (Class<?> c : configurations) {
            configure(c);
        }
        return camel.getRegistry().lookupByNameAndType(name, type);
    }

    private void configure(Class<?> type) {
        if (configured.contains(type)) {
            return;
        }
        if (type == DatabaseBeans.class) {
            // the running service's database (its admin server), and never a second admin server from a command
            with("responder.db.url", databaseUrl());
            with("responder.db.admin-server", "false");
            // a command needs one connection at a time, beside a service that holds its own pool
            with("responder.db.pool-size", "2");
        }
        ServiceBeans.bind(context(), type);
        configured.add(type);
    }

    private DefaultCamelContext context() {
        if (camel == null) {
            camel = new DefaultCamelContext();
            // The source below applies -D > environment > file itself, after this command's overrides; Camel's own
            // environment and system-property lookups would come before both.
            var pc = (PropertiesComponent) camel.getPropertiesComponent();
            pc.setEnvironmentVariableMode(PropertiesComponent.ENVIRONMENT_VARIABLES_MODE_NEVER);
            pc.setSystemPropertiesMode(PropertiesComponent.SYSTEM_PROPERTIES_MODE_NEVER);
            pc.addPropertiesSource(new PropertiesSource() {
                @Override
                public String getName() {
                    return "responder-properties";
                }

                @Override
                public String getProperty(String name) {
                    return property(name);
                }
            });
            overrides.forEach(pc::addOverrideProperty);
            // the service's metrics registry comes with camel-main's metrics; a command's are never read
            camel.getRegistry().bind("meterRegistry", new SimpleMeterRegistry());
        }
        return camel;
    }

    @Override
    public void close() {
        if (camel != null) {
            if (configured.contains(S3Beans.class)) {
                Optional.ofNullable(camel.getRegistry().lookupByNameAndType("s3Client", S3Client.class))
                        .ifPresent(S3Client::close);
            }
            HikariDataSource ds = camel.getRegistry().lookupByNameAndType("dataSource", HikariDataSource.class);
            if (ds != null) {
                ds.close();
            }
            camel.stop();
        }
    }
}
