package org.mailresponder.ratelimit;

import java.nio.file.Path;
import java.util.List;

import com.zaxxer.hikari.HikariDataSource;
import org.mailresponder.admin.ResponderProperties;
import org.mailresponder.database.DatabaseSetup;
import org.mailresponder.testing.TestDatabase;

/** The two databases the ledger must be exact on: MariaDB (production) and H2 (the embedded default). */
final class LedgerDatabases {

    static final List<String> BOTH = List.of("mariadb", "h2");

    private LedgerDatabases() {
    }

    /** A migrated pool on a fresh database; {@code cleanup} gets the MariaDB test database to drop, if any. */
    static HikariDataSource open(String kind, Path dir, int poolSize, List<AutoCloseable> cleanup) {
        HikariDataSource ds;
        if (kind.equals("mariadb")) {
            TestDatabase db = TestDatabase.create();
            cleanup.add(db);
            ds = DatabaseSetup.dataSource(db.url(), db.user(), "", poolSize);
        } else {
            // the packaged embedded default's URL, in a private folder
            String url = ResponderProperties.load(Path.of("").toAbsolutePath()).get("responder.db.url")
                    .replace("./data/", dir.toAbsolutePath() + "/");
            ds = DatabaseSetup.dataSource(url, "sa", "", poolSize);
        }
        cleanup.add(0, ds);
        DatabaseSetup.migrate(ds);
        return ds;
    }
}
