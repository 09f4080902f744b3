package org.mailresponder.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.main.MainConfigurationProperties;
import org.mailresponder.camel.EnvironmentPropertiesSource;

/**
 * Sets up Camel Main the way the service and the tests both run it: {@code ./application.properties} (in front of
 * the packaged one) and {@code ./routes/*.yaml} from the working directory when present (so operators edit them
 * without rebuilding), else the copies packaged in the jar; every property can be overridden by the environment,
 * and both by {@code -D}.
 * Route files and properties in the working directory are reloaded while the service runs ({@link ServiceLifecycle}).
 */
public final class ResponderService {

    private ResponderService() {
    }

    /**
     * The working directory's {@code application.properties} in front of the packaged one: a property the local file
     * does not set (e.g. one added by a newer version, after an upgrade) still has its packaged default.
     */
    public static String propertiesLocation(Path workDir) {
        Path local = workDir.resolve("application.properties");
        return Files.isRegularFile(local) ? "file:" + local.toAbsolutePath() + ",classpath:application.properties"
                : "classpath:application.properties";
    }

    /**
     * Where the route files come from: {@code ./routes/*.yaml}, else those packaged in the jar, each named (see
     * {@link PackagedRoutes}), comma-separated.
     */
    public static String routesPattern(Path workDir) {
        return String.join(",", routeLocations(workDir));
    }

    /** {@link #routesPattern} as a list: the local folder's wildcard, or the packaged files one by one. */
    public static List<String> routeLocations(Path workDir) {
        Path local = workDir.resolve("routes");
        if (Files.isDirectory(local)) {
            return List.of("file:" + local.toAbsolutePath() + "/*.yaml");
        }
        List<String> packaged = PackagedRoutes.named(ResponderService.class.getClassLoader());
        return packaged.isEmpty() ? List.of("classpath:routes/*.yaml") : packaged;
    }

    public static void configure(MainConfigurationProperties main, Path workDir) {
        // the name and the shutdown timeout are application.properties' (camel.main.*)
        main.withRoutesIncludePattern(routesPattern(workDir))
                .withJmxEnabled(true)
                .withShutdownSuppressLoggingOnTimeout(false);
        main.addConfiguration(new ServiceBeans());
        main.addConfiguration(new ServiceLifecycle(workDir));
    }

    /**
     * The working directory's {@code logback.xml} (re-read while running when it says {@code scan="true"}), else
     * the one packaged in the jar. Must run before anything logs; a {@code -Dlogback.configurationFile} wins.
     */
    public static void configureLogging(Path workDir) {
        Path local = workDir.resolve("logback.xml");
        if (System.getProperty("logback.configurationFile") == null && Files.isRegularFile(local)) {
            System.setProperty("logback.configurationFile", local.toAbsolutePath().toString());
        }
    }

    /** Runs the service until it is stopped (SIGTERM or Ctrl-C). */
    public static int run(Path workDir) throws Exception {
        Main main = new Main();
        main.setPropertyPlaceholderLocations(propertiesLocation(workDir));
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void beforeInitialize(BaseMainSupport m) {
                // before any bean reads a property: -D > environment > file
                EnvironmentPropertiesSource.install(m.getCamelContext().getPropertiesComponent());
            }
        });
        configure(main.configure(), workDir);
        main.run();
        return main.getExitCode();
    }
}
