package org.mailresponder.database;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Collections;
import java.util.List;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * What a folder on the classpath holds, read from a jar's central directory or a class folder's listing: cheap,
 * where Camel resolves a wildcard in a jar by inflating the whole jar (the service's is 60 MB, about a second per
 * look at start). Lists the packaged migrations ({@link SchemaCheck}) and the packaged route files.
 */
public final class ClasspathFolder {

    private ClasspathFolder() {
    }

    /** The names of the files directly in a classpath folder, from jars (their directory) and class folders. */
    public static List<String> fileNames(ClassLoader loader, String folder) {
        TreeSet<String> names = new TreeSet<>();
        try {
            for (URL url : Collections.list(loader.getResources(folder + "/"))) {
                if ("jar".equals(url.getProtocol())) {
                    JarURLConnection connection = (JarURLConnection) url.openConnection();
                    connection.setUseCaches(false);
                    String prefix = folder + "/";
                    try (JarFile jar = connection.getJarFile()) {
                        jar.stream().map(JarEntry::getName)
                                .filter(n -> n.startsWith(prefix) && n.length() > prefix.length()
                                        && n.indexOf('/', prefix.length()) < 0)
                                .forEach(n -> names.add(n.substring(prefix.length())));
                    }
                } else if ("file".equals(url.getProtocol())) {
                    try (Stream<Path> files = Files.list(Paths.get(url.toURI()))) {
                        files.filter(Files::isRegularFile).forEach(p -> names.add(p.getFileName().toString()));
                    }
                } else {
                    names.add("?unknown location " + url); // matches no migration name: Flyway decides
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder, e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot list " + folder, e);
        }
        return List.copyOf(names);
    }
}
