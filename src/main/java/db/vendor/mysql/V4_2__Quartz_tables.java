package db.vendor.mysql;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Statement;
import java.util.Locale;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * The tables of Quartz's clustered JDBC job store, on MySQL/MariaDB only (H2 uses the in-memory store). The DDL
 * is the one the Quartz jar on the classpath ships for InnoDB, so the schema always matches the Quartz version in
 * use; its DROP statements are skipped because Flyway creates the tables once, on an empty schema.
 */
public class V4_2__Quartz_tables extends BaseJavaMigration {

    static final String SCRIPT = "/org/quartz/impl/jdbcjobstore/tables_mysql_innodb.sql";

    @Override
    public void migrate(Context context) throws Exception {
        try (Statement st = context.getConnection().createStatement()) {
            for (String sql : statements(script())) {
                st.execute(sql);
            }
        }
    }

    static String script() throws IOException {
        try (InputStream in = V4_2__Quartz_tables.class.getResourceAsStream(SCRIPT)) {
            if (in == null) {
                throw new IOException("Quartz DDL " + SCRIPT + " is not on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static java.util.List<String> statements(String script) {
        StringBuilder body = new StringBuilder();
        for (String line : script.split("\n")) {
            String t = line.trim();
            if (!t.startsWith("#") && !t.startsWith("--")) {
                body.append(line).append('\n');
            }
        }
        java.util.List<String> out = new java.util.ArrayList<>();
        for (String s : body.toString().split(";")) {
            String sql = s.trim();
            String upper = sql.toUpperCase(Locale.ROOT);
            if (!sql.isEmpty() && !upper.startsWith("DROP ") && !upper.equals("COMMIT")) {
                out.add(sql);
            }
        }
        return out;
    }
}
