package org.mailresponder.app;

import java.util.List;

import org.mailresponder.database.ClasspathFolder;

/**
 * The route files packaged with the service, named one by one. Camel resolves a wildcard such as
 * {@code classpath:routes/*.yaml} inside a jar by reading the whole jar as a stream, inflating every entry; in the
 * 60 MB service jar that took about a second, and Camel Main does it twice at start (modeline, then routes).
 */
final class PackagedRoutes {

    private static final String FOLDER = "routes";

    private PackagedRoutes() {
    }

    /** {@code classpath:routes/<name>.yaml} for each route file on the classpath, in name order. */
    static List<String> named(ClassLoader classLoader) {
        return ClasspathFolder.fileNames(classLoader, FOLDER).stream().filter(n -> n.endsWith(".yaml"))
                .map(n -> "classpath:" + FOLDER + "/" + n).toList();
    }
}
