package org.mailresponder;

import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.camel.main.Main;
import org.apache.camel.main.MainConfigurationProperties;
import org.mailresponder.config.ResponderBeans;

/**
 * Sets up Camel Main the way the service and the tests both run it: {@code ./application.properties} and
 * {@code ./routes/*.yaml} from the working directory when present (so operators edit them without rebuilding),
 * else the copies packaged in the jar; every property can be overridden by {@code -D} or the environment.
 */
public final class ResponderMain {

    private ResponderMain() {
    }

    public static String propertiesLocation(Path workDir) {
        Path local = workDir.resolve("application.properties");
        return Files.isRegularFile(local) ? "file:" + local.toAbsolutePath() : "classpath:application.properties";
    }

    public static String routesPattern(Path workDir) {
        Path local = workDir.resolve("routes");
        return Files.isDirectory(local) ? "file:" + local.toAbsolutePath() + "/*.yaml" : "classpath:routes/*.yaml";
    }

    public static void configure(MainConfigurationProperties main, Path workDir) {
        main.withRoutesIncludePattern(routesPattern(workDir))
                .withName("mail-responder")
                .withJmxEnabled(true)
                .withShutdownTimeout(30)
                .withShutdownSuppressLoggingOnTimeout(false)
                .addConfiguration(ResponderBeans.class);
    }

    /** Runs the service until it is stopped (SIGTERM or Ctrl-C). */
    public static int run(Path workDir) throws Exception {
        Main main = new Main();
        main.setPropertyPlaceholderLocations(propertiesLocation(workDir));
        configure(main.configure(), workDir);
        main.run();
        return main.getExitCode();
    }
}
