package org.mailresponder.database;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

import org.flywaydb.core.api.MigrationVersion;

/**
 * Whether the database already holds exactly the packaged migrations, judged without Flyway: on a restart (the
 * usual start) there is nothing to migrate, and making Flyway find that out cost about half a second (its plugins,
 * its Jackson configuration, a scan of the classpath). The schema counts as current only when Flyway's history has
 * every packaged migration, with the checksum Flyway would compute for it, succeeded, and nothing else; anything
 * else — a new migration, an edited one, a failed row, a file this check does not know — and Flyway runs as before,
 * migrating, validating and reporting.
 */
final class SchemaCheck {

    /** A versioned SQL or Java migration, as Flyway names them: {@code V4_1__description.sql}. */
    private static final Pattern VERSIONED = Pattern.compile("V([0-9][0-9_.]*)__[^/$]+\\.(sql|class)");

    /** History rows Flyway writes for itself, without a version. */
    private static final Set<String> FLYWAY_MARKERS = Set.of("TABLE", "SCHEMA");

    private SchemaCheck() {
    }

    /**
     * The version now in force when the history matches the migrations under {@code folders} (classpath folders,
     * e.g. {@code db/migration}); empty when Flyway must run.
     */
    static Optional<String> currentVersion(Connection connection, ClassLoader loader, List<String> folders) {
        Map<String, Integer> packaged = new HashMap<>();
        for (String folder : folders) {
            for (String name : ClasspathFolder.fileNames(loader, folder)) {
                Matcher m = VERSIONED.matcher(name);
                if (!m.matches()) {
                    return Optional.empty(); // a repeatable migration, a callback, …: Flyway's business
                }
                String version = m.group(1).replace('_', '.');
                Integer checksum = "sql".equals(m.group(2)) ? checksum(loader, folder + "/" + name) : null;
                packaged.put(version, checksum);
            }
        }
        Map<String, Integer> applied = new HashMap<>();
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("SELECT version, checksum, success, type FROM flyway_schema_history")) {
            while (rs.next()) {
                String version = rs.getString(1);
                int checksum = rs.getInt(2);
                boolean noChecksum = rs.wasNull();
                if (!rs.getBoolean(3)) {
                    return Optional.empty();
                }
                if (version == null) {
                    if (FLYWAY_MARKERS.contains(rs.getString(4))) {
                        continue; // "<< Flyway Schema History table created >>" (H2) and the like: not a migration
                    }
                    return Optional.empty(); // a repeatable migration
                }
                applied.put(version, noChecksum ? null : checksum);
            }
        } catch (SQLException e) {
            return Optional.empty(); // no history yet (a new database), or one this check cannot read
        }
        if (packaged.isEmpty() || !packaged.keySet().equals(applied.keySet())) {
            return Optional.empty();
        }
        for (Map.Entry<String, Integer> e : packaged.entrySet()) {
            if (!Objects.equals(e.getValue(), applied.get(e.getKey()))) {
                return Optional.empty();
            }
        }
        return packaged.keySet().stream().map(MigrationVersion::fromVersion).max(MigrationVersion::compareTo)
                .map(MigrationVersion::getVersion);
    }

    /** Flyway's checksum of a SQL migration: CRC32 over its lines' UTF-8 bytes, without line ends and a BOM. */
    static int checksum(ClassLoader loader, String resource) {
        CRC32 crc = new CRC32();
        try (InputStream in = Objects.requireNonNull(loader.getResourceAsStream(resource), resource);
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line = reader.readLine();
            if (line != null && line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            for (; line != null; line = reader.readLine()) {
                crc.update(line.getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the migration " + resource, e);
        }
        return (int) crc.getValue();
    }
}
