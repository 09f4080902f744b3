package org.mailresponder.app;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The packaged route files are named one by one, from the jar's directory or a class folder's listing. */
class PackagedRoutesTest {

    @TempDir
    Path dir;

    @Test
    void namesEveryYamlFileDirectlyUnderRoutesInTheJar() throws IOException {
        Path jar = dir.resolve("service.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (String name : new String[] {"routes/", "routes/respond.yaml", "routes/ingest.yaml", "routes/README.md",
                    "routes/old/ingest.yaml", "other/routes.yaml", "application.properties"}) {
                out.putNextEntry(new JarEntry(name));
                if (!name.endsWith("/")) {
                    out.write("- route: {}\n".getBytes(StandardCharsets.UTF_8));
                }
                out.closeEntry();
            }
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            assertThat(PackagedRoutes.named(loader))
                    .containsExactly("classpath:routes/ingest.yaml", "classpath:routes/respond.yaml");
        }
    }

    @Test
    void classFoldersAreNamedTooAndAWorkingDirectoryFolderKeepsItsWildcard() throws IOException {
        Files.createDirectories(dir.resolve("routes"));
        Files.writeString(dir.resolve("routes/respond.yaml"), "- route: {}\n");
        Files.writeString(dir.resolve("routes/notes.txt"), "not a route file\n");
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, null)) {
            assertThat(PackagedRoutes.named(loader)).containsExactly("classpath:routes/respond.yaml");
        }
        assertThat(ResponderService.routeLocations(dir)).containsExactly("file:" + dir.resolve("routes") + "/*.yaml");
    }
}
