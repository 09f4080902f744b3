package org.mailresponder.ratelimit;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.mailresponder.inbound.SenderIdentity;
import org.mailresponder.database.DatabaseSetup;
import org.mailresponder.testing.TestDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailresponder.testing.TestDatabaseExtension;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A second key on a database whose hashes were made with the first is refused, on real MariaDB. */
class HashKeyGuardTest {

    @RegisterExtension
    final TestDatabaseExtension db = TestDatabaseExtension.mariaDb();

    @Test
    void theFirstKeyIsRecordedAndAnotherIsRefused() {
        HikariDataSource ds = db.migratedPool(2);
        SenderIdentity first = new SenderIdentity("the-first-key-0123456789");
        assertThatCode(() -> HashKeyGuard.verify(ds, first)).doesNotThrowAnyException();
        assertThatCode(() -> HashKeyGuard.verify(ds, new SenderIdentity("the-first-key-0123456789")))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> HashKeyGuard.verify(ds, new SenderIdentity("another-key-0123456789")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("responder.rate-limit.hash-key is not the key")
                .hasMessageNotContaining("another-key");
    }
}
