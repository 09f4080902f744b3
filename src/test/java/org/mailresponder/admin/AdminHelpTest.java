package org.mailresponder.admin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every command answers --help with its usage and exit 0, without touching a database. */
class AdminHelpTest {

    @ParameterizedTest
    @ValueSource(strings = {"limits", "limits show", "limits allow", "limits block", "limits unallow",
            "limits unblock", "limits clear-day", "config", "config validate", "preview", "postfix-maps"})
    void helpPrintsUsage(String command) {
        String[] args = (command + " --help").split(" ");
        CliRun.Result r = new CliRun().set("responder.db.url", "jdbc:mysql://127.0.0.1:1/unused").run(args);

        assertThat(r.exit()).isZero();
        assertThat(r.out()).startsWith("Usage: mail-responder " + command + " ");
    }
}
