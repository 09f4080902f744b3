package org.mailresponder.database;

import java.sql.Connection;
import java.sql.Statement;
import java.util.List;

import javax.sql.DataSource;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mailresponder.testing.LogCapture;
import org.slf4j.LoggerFactory;
import org.mailresponder.testing.TestDatabaseExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The schema counts as current exactly when Flyway's history holds the packaged migrations with Flyway's own
 * checksums: then Flyway is not started; anything else and it runs, as before.
 */
class SchemaCheckTest {

    @RegisterExtension
    final TestDatabaseExtension db = TestDatabaseExtension.mariaDb();

    private static final ClassLoader LOADER = SchemaCheckTest.class.getClassLoader();

    @ParameterizedTest
    @EnumSource(TestDatabaseExtension.Kind.class)
    void aMigratedDatabaseIsCurrentAndEveryDifferenceSendsItBackToFlyway(TestDatabaseExtension.Kind kind)
            throws Exception {
        DataSource ds = db.migratedPool(kind, 2);
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            List<String> folders = List.of("db/migration", "db/vendor/" + DatabaseSetup.vendor(c));
            // the checksums computed here equal Flyway's (SQL files), and Java migrations have none on both sides
            assertThat(SchemaCheck.currentVersion(c, LOADER, folders)).contains("8.1");

            st.executeUpdate("UPDATE flyway_schema_history SET checksum = checksum + 1 WHERE version = '5'");
            assertThat(SchemaCheck.currentVersion(c, LOADER, folders)).isEmpty();
            st.executeUpdate("UPDATE flyway_schema_history SET checksum = checksum - 1 WHERE version = '5'");
            assertThat(SchemaCheck.currentVersion(c, LOADER, folders)).isPresent();

            st.executeUpdate("UPDATE flyway_schema_history SET success = FALSE WHERE version = '8.1'");
            assertThat(SchemaCheck.currentVersion(c, LOADER, folders)).isEmpty();

            st.executeUpdate("DELETE FROM flyway_schema_history WHERE version = '8.1'");
            assertThat(SchemaCheck.currentVersion(c, LOADER, folders)).as("a migration not yet applied").isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabaseExtension.Kind.class)
    void aNewDatabaseIsNotCurrent(TestDatabaseExtension.Kind kind) throws Exception {
        try (Connection c = db.another(kind).connect()) {
            assertThat(SchemaCheck.currentVersion(c, LOADER, List.of("db/migration"))).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabaseExtension.Kind.class)
    void migrateRunsFlywayOnlyWhenTheSchemaIsNotCurrent(TestDatabaseExtension.Kind kind) throws Exception {
        DataSource ds = db.migratedPool(kind, 2);
        Logger flywayLogger = (Logger) LoggerFactory.getLogger("org.flywaydb");
        Logger setupLogger = (Logger) LoggerFactory.getLogger(DatabaseSetup.class);
        Level flywayLevel = flywayLogger.getLevel();
        Level setupLevel = setupLogger.getLevel();
        flywayLogger.setLevel(Level.INFO); // Flyway says at INFO what it does ("Database: …", "Validated …")
        setupLogger.setLevel(Level.DEBUG);
        try (LogCapture flyway = LogCapture.of("org.flywaydb");
             LogCapture setup = LogCapture.of(DatabaseSetup.class.getName())) {
            DatabaseSetup.migrate(ds);
            assertThat(setup.text()).contains("Database schema is current (version 8.1)");
            assertThat(flyway.text()).isEmpty();

            try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
                st.executeUpdate("UPDATE flyway_schema_history SET checksum = checksum + 1 WHERE version = '5'");
            }
            assertThatThrownBy(() -> DatabaseSetup.migrate(ds)).as("Flyway's validation, as before")
                    .hasMessageContaining("checksum mismatch");
            assertThat(flyway.text()).isNotEmpty();
        } finally {
            flywayLogger.setLevel(flywayLevel);
            setupLogger.setLevel(setupLevel);
        }
    }
}
