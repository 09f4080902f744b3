package org.mailresponder.database;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;

/**
 * One SQL statement from {@code src/main/resources/sql/<name>.sql}, for beans that run it through plain JDBC. The
 * files are the one place SQL lives, whether a route (camel-sql) or a bean runs it; {@code --} comment lines are
 * dropped. Read once at start; the driver's statement cache then reuses the prepared statement per connection.
 */
public final class SqlFile {

    private SqlFile() {
    }

    public static String read(String name) {
        String resource = "/sql/" + name + ".sql";
        try (InputStream in = SqlFile.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing " + resource);
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            String sql = text.lines().filter(l -> !l.strip().startsWith("--")).collect(Collectors.joining("\n")).strip();
            return sql.endsWith(";") ? sql.substring(0, sql.length() - 1) : sql;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }
}
