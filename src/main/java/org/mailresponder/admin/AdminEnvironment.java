package org.mailresponder.admin;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.zaxxer.hikari.HikariDataSource;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.spi.CamelBeanPostProcessor;
import org.apache.camel.spi.PropertiesSource;
import org.mailresponder.compose.AnswerComposer;
import org.mailresponder.compose.DeliveryMethods;
import org.mailresponder.compose.LocalAttachmentStore;
import org.mailresponder.config.AttachmentCheck;
import org.mailresponder.config.ConfigSource;
import org.mailresponder.config.FileConfigSource;
import org.mailresponder.config.ResponderConfigParser;
import org.mailresponder.s3.S3Clients;
import org.mailresponder.s3.S3ConfigSource;
import org.mailresponder.s3.S3Location;
import org.mailresponder.s3.S3ObjectCheck;
import org.mailresponder.s3.S3Settings;
import software.amazon.awssdk.services.s3.S3Client;
import org.mailresponder.config.DatabaseErrors;
import org.mailresponder.config.DatabaseSetup;
import org.mailresponder.config.H2AdminServer;
import org.mailresponder.config.HashKeyFile;
import org.mailresponder.config.ResponderBeans;
import org.mailresponder.config.ResponderConfigHolder;
import org.mailresponder.dkim.AnswerSigner;
import org.mailresponder.inbound.RequestIntake;
import org.mailresponder.ratelimit.HashKeyGuard;
import org.mailresponder.ratelimit.RecipientBounds;
import org.mailresponder.ratelimit.RequestLedger;
import org.mailresponder.ratelimit.SenderIdentity;
import org.mailresponder.ratelimit.SenderLimits;
import org.mailresponder.ratelimit.SenderLists;

/**
 * What an admin command needs from the service, built from the same properties ({@link ResponderProperties}).
 * Commands that only touch the rate-limit tables get a light path (pool, schema, hash key); commands that must
 * behave exactly like the service ({@code preview}, {@code postfix-maps}) get the service's own beans, built by
 * {@link ResponderBeans} without starting any route, so a DKIM key or an S3 config source configured for the
 * service applies to them too.
 */
final class AdminEnvironment implements AutoCloseable {

    /** The service's beans a command uses; looked up by the names the routes use. */
    record Services(ResponderConfigHolder configHolder, RequestIntake intake, AnswerComposer composer,
                    AnswerSigner signer, DeliveryMethods deliveryMethods, SenderLimits senderLimits,
                    SenderIdentity senderIdentity, RequestLedger requestLedger) {
    }

    private final ResponderProperties properties;
    private final Map<String, String> overrides = new LinkedHashMap<>();
    private HikariDataSource dataSource;
    private S3Client s3;
    private DefaultCamelContext camel;
    private Services services;

    private AdminEnvironment(ResponderProperties properties) {
        this.properties = properties;
    }

    static AdminEnvironment load() {
        return new AdminEnvironment(ResponderProperties.load(Path.of("")));
    }

    /** Replaces one property for this command only (e.g. the config location being validated). */
    AdminEnvironment with(String key, String value) {
        overrides.put(key, value);
        return this;
    }

    String property(String key, String defaultValue) {
        String v = overrides.get(key);
        return v != null ? v : properties.get(key, defaultValue);
    }

    /** The database with the current schema; commands need one connection at a time. */
    javax.sql.DataSource database() {
        if (services != null) {
            return camel.getRegistry().lookupByNameAndType("dataSource", javax.sql.DataSource.class);
        }
        if (dataSource == null) {
            dataSource = DatabaseSetup.dataSource(databaseUrl(), property("responder.db.user", ""),
                    property("responder.db.password", ""), 2);
            DatabaseSetup.migrate(dataSource);
        }
        return dataSource;
    }

    /**
     * The configured database, or — for the embedded H2 file, which a running service holds locked — the service's
     * loopback admin server when it advertises one that answers. A stale advertisement (the service was killed) is
     * ignored and the file is opened directly.
     */
    String databaseUrl() {
        String configured = property("responder.db.url", null);
        Optional<String> served = H2AdminServer.advertisedUrl(configured);
        if (served.isPresent()) {
            try (Connection c = DriverManager.getConnection(served.get(), property("responder.db.user", ""),
                    property("responder.db.password", ""))) {
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
                    property("responder.db.user", ""), property("responder.db.password", ""))) {
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

    /**
     * The config at {@code location} as the service would load it (file or {@code s3://}), with the service's parser
     * and attachment check, and no database: a config can be checked wherever the settings are.
     */
    ResponderConfigHolder configHolder(String location) {
        ConfigSource source = S3Location.isS3(location)
                ? new S3ConfigSource(s3(), S3Location.parse(location)) : new FileConfigSource(Path.of(location));
        return new ResponderConfigHolder(source, parser(), attachmentCheck());
    }

    ResponderConfigParser parser() {
        return new ResponderConfigParser(property("responder.config.legacy-attachment-key", "Psiphon3.exe"),
                property("responder.config.legacy-attachment-filename", "Psiphon3.ex_"));
    }

    /** What the service checks before it puts a config in force: local files, or an S3 HEAD per object. */
    AttachmentCheck attachmentCheck() {
        String source = property("responder.attachments.source", "local").strip().toLowerCase(Locale.ROOT);
        if (source.equals("s3")) {
            long max = Long.parseLong(property("responder.attachments.cache-max-bytes", "536870912").strip());
            return ref -> S3ObjectCheck.head(s3(), ref.bucket(), ref.key(), max);
        }
        LocalAttachmentStore local = new LocalAttachmentStore(Path.of(property("responder.buckets-dir", "config/buckets")));
        return ref -> local.checkReadable(ref.bucket(), ref.key());
    }

    private S3Client s3() {
        if (s3 == null) {
            s3 = S3Clients.create(new S3Settings(property("responder.s3.region", "us-east-1"),
                    property("responder.s3.endpoint", ""),
                    Boolean.parseBoolean(property("responder.s3.path-style", "false").strip()),
                    property("responder.s3.access-key", ""), property("responder.s3.secret-key", ""),
                    Duration.ofMillis(Long.parseLong(property("responder.s3.api-call-timeout", "10000").strip()))));
        }
        return s3;
    }

    SenderLists senderLists() {
        return new SenderLists(database());
    }

    SenderIdentity senderIdentity() {
        String key = property("responder.rate-limit.hash-key", "");
        SenderIdentity ids = new SenderIdentity(key.isBlank()
                ? HashKeyFile.loadOrCreate(Path.of(property("responder.data-dir", "data"), "hash-key")) : key);
        HashKeyGuard.verify(database(), ids);
        return ids;
    }

    SenderLimits senderLimits() {
        return new SenderLimits(Integer.parseInt(property("responder.rate-limit.daily-limit", "3").trim()),
                csv(property("responder.rate-limit.exempt-domains", "")),
                csv(property("responder.rate-limit.blocked-domains", "")),
                ZoneId.of(property("responder.rate-limit.zone", "UTC").trim()), Clock.systemUTC());
    }

    RecipientBounds recipientBounds() {
        return new RecipientBounds(Integer.parseInt(property("responder.rate-limit.domain-daily-cap", "0").strip()),
                csv(property("responder.rate-limit.shared-domains", "")),
                Integer.parseInt(property("responder.rate-limit.shared-domain-daily-cap", "0").strip()),
                Integer.parseInt(property("responder.rate-limit.global-hourly-cap", "0").strip()),
                Integer.parseInt(property("responder.forward.hourly-cap", "0").strip()));
    }

    /** The service's beans, built once by {@link ResponderBeans} in a Camel context that is never started. */
    Services services() throws Exception {
        if (services != null) {
            return services;
        }
        // the running service's database (its admin server), and never a second admin server from this command
        overrides.put("responder.db.url", databaseUrl());
        overrides.put("responder.db.admin-server", "false");
        camel = new DefaultCamelContext();
        // The source below applies -D > environment > file itself, after this command's overrides; Camel's own
        // environment and system-property lookups would come before both.
        var pc = (org.apache.camel.component.properties.PropertiesComponent) camel.getPropertiesComponent();
        pc.setEnvironmentVariableMode(org.apache.camel.component.properties.PropertiesComponent.ENVIRONMENT_VARIABLES_MODE_NEVER);
        pc.setSystemPropertiesMode(org.apache.camel.component.properties.PropertiesComponent.SYSTEM_PROPERTIES_MODE_NEVER);
        camel.getPropertiesComponent().addPropertiesSource(new PropertiesSource() {
            @Override
            public String getName() {
                return "responder-properties";
            }

            @Override
            public String getProperty(String name) {
                return property(name, null);
            }
        });
        overrides.forEach(camel.getPropertiesComponent()::addOverrideProperty);
        ResponderBeans beans = new ResponderBeans();
        CamelBeanPostProcessor injector = org.apache.camel.support.PluginHelper.getBeanPostProcessor(camel);
        injector.postProcessBeforeInitialization(beans, "responderBeans");
        injector.postProcessAfterInitialization(beans, "responderBeans");
        beans.configure(camel);
        var registry = camel.getRegistry();
        services = new Services(
                registry.lookupByNameAndType("configHolder", ResponderConfigHolder.class),
                registry.lookupByNameAndType("intake", RequestIntake.class),
                registry.lookupByNameAndType("composer", AnswerComposer.class),
                registry.lookupByNameAndType("dkimSigner", AnswerSigner.class),
                registry.lookupByNameAndType("deliveryMethods", DeliveryMethods.class),
                registry.lookupByNameAndType("senderLimits", SenderLimits.class),
                registry.lookupByNameAndType("senderIdentity", SenderIdentity.class),
                registry.lookupByNameAndType("requestLedger", RequestLedger.class));
        return services;
    }

    /**
     * Starts the service's delivery routes in this command's context: the route files the service reads, keeping
     * only the routes that start from {@code direct:} (nothing that polls a maildir or mailbox, no timer, no Quartz
     * job), so {@code direct:send-once} claims, signs and delivers exactly as the service does.
     */
    ProducerTemplate deliveryRoutes() throws Exception {
        services();
        if (!camel.isStarted()) {
            camel.disableJMX();
            String pattern = org.mailresponder.ResponderMain.routesPattern(Path.of(""));
            var resources = PluginHelper.getPackageScanResourceResolver(camel).findResources(pattern);
            if (resources.isEmpty()) {
                throw new IllegalStateException("no route files at " + pattern);
            }
            PluginHelper.getRoutesLoader(camel).loadRoutes(resources);
            List<RouteDefinition> polling = camel.getRouteDefinitions().stream()
                    .filter(r -> !r.getInput().getEndpointUri().startsWith("direct:")).toList();
            camel.removeRouteDefinitions(polling);
            camel.start();
        }
        return camel.createProducerTemplate();
    }

    static Set<String> csv(String value) {
        if (value == null || value.isBlank()) {
            return Set.of();
        }
        return new LinkedHashSet<>(Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList());
    }

    @Override
    public void close() {
        if (s3 != null) {
            s3.close();
        }
        if (dataSource != null) {
            dataSource.close();
        }
        if (camel != null) {
            HikariDataSource ds = camel.getRegistry().lookupByNameAndType("dataSource", HikariDataSource.class);
            if (ds != null) {
                ds.close();
            }
            camel.stop();
        }
    }
}
