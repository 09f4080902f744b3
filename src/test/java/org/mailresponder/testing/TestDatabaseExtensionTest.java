package org.mailresponder.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailresponder.testing.TestDatabaseExtension.Kind;

import static org.assertj.core.api.Assertions.assertThat;

/** The extension's promise: a fresh database per scope, with the service's tables on request, gone afterwards. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TestDatabaseExtensionTest {

    @RegisterExtension
    static final TestDatabaseExtension CLASS_DB = TestDatabaseExtension.mariaDb();

    @RegisterExtension
    final TestDatabaseExtension testDb = TestDatabaseExtension.mariaDb();

    private static final List<String> perTestNames = new ArrayList<>();
    private static Path h2Folder;
    private static String classDbName;

    private static boolean exists(String name) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:mysql://127.0.0.1:3306/?user=root", "root", "");
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW DATABASES LIKE '" + name + "'")) {
            return rs.next();
        }
    }

    @Test
    @Order(1)
    void eachTestGetsItsOwnDatabaseAndTheClassOneIsShared() throws Exception {
        classDbName = CLASS_DB.name();
        perTestNames.add(testDb.name());
        assertThat(testDb.name()).isNotEqualTo(CLASS_DB.name());
        HikariDataSource pool = testDb.migratedPool(2);
        try (Connection c = pool.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM sender_day")) {
            assertThat(rs.next()).as("migrated: the service's tables are there").isTrue();
        }
    }

    @Test
    @Order(2)
    void theLastTestsDatabaseIsGoneAndAnH2OneLivesInAPrivateFolder() throws Exception {
        assertThat(exists(perTestNames.get(0))).as("dropped after its test").isFalse();
        assertThat(CLASS_DB.name()).as("same for the whole class").isEqualTo(classDbName);
        assertThat(exists(classDbName)).isTrue();

        TestDatabase h2 = testDb.another(Kind.H2);
        assertThat(h2.isH2()).isTrue();
        assertThat(h2.user()).isEqualTo("sa");
        testDb.migratedPool(h2, 2);
        h2Folder = Path.of(h2.url().replaceAll("^jdbc:h2:(file:)?", "").replaceAll(";.*", "")).getParent();
        assertThat(h2Folder).exists();
    }

    @AfterAll
    static void theH2FolderIsGoneToo() {
        assertThat(h2Folder).doesNotExist();
    }
}
