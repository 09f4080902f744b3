package org.mailresponder.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URL;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * The route files packaged in the jar, named one by one. Camel resolves a wildcard such as
 * {@code classpath:routes/*.yaml} inside a jar by reading the whole jar as a stream, inflating every entry; in the
 * 60 MB service jar that took about a second, and Camel Main does it twice at start (modeline, then routes). The
 * jar's central directory, read here, lists the same files in milliseconds.
 */
final class PackagedRoutes {

    private static final String FOLDER = "routes/";

    private PackagedRoutes() {
    }

    /**
     * {@code classpath:routes/<name>.yaml} for each route file in the jar, in name order; empty when the classes do
     * not come from a jar (the tests' class folders, where Camel's wildcard is cheap).
     */
    static List<String> inJar(ClassLoader classLoader) {
        URL folder = classLoader.getResource(FOLDER);
        if (folder == null || !"jar".equals(folder.getProtocol())) {
            return List.of();
        }
        try {
            JarURLConnection connection = (JarURLConnection) folder.openConnection();
            connection.setUseCaches(false);
            try (JarFile jar = connection.getJarFile()) {
                return jar.stream().map(JarEntry::getName)
                        .filter(n -> n.startsWith(FOLDER) && n.endsWith(".yaml") && n.indexOf('/', FOLDER.length()) < 0)
                        .sorted().map(n -> "classpath:" + n).toList();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the route files in " + folder, e);
        }
    }
}
