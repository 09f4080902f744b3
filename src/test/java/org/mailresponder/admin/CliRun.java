package org.mailresponder.admin;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.Map;

import picocli.CommandLine;

/**
 * Runs admin commands in-process the way {@code java -jar mail-responder.jar …} does (same command line, same
 * exit-code handler), with the properties an operator would pass as {@code -D}. Output is captured per run.
 */
final class CliRun {

    record Result(int exit, String out, String err) {
    }

    private final Map<String, String> properties = new LinkedHashMap<>();

    /** Commands against a MariaDB test database, with the hash key the service would use. */
    static CliRun on(org.mailresponder.testing.TestDatabaseExtension db, String hashKey) {
        return new CliRun().set("responder.db.url", db.url()).set("responder.db.user", db.user())
                .set("responder.db.password", "").set("responder.rate-limit.hash-key", hashKey);
    }

    CliRun set(String key, String value) {
        properties.put(key, value);
        return this;
    }

    Result run(String... args) {
        Map<String, String> previous = new LinkedHashMap<>();
        properties.forEach((k, v) -> previous.put(k, System.setProperty(k, v)));
        try {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            CommandLine cl = AdminCommandLine.create(new org.mailresponder.app.ResponderHost(java.nio.file.Path.of("")));
            cl.setOut(new PrintWriter(out, true));
            cl.setErr(new PrintWriter(err, true));
            int exit = cl.execute(args);
            return new Result(exit, out.toString(), err.toString());
        } finally {
            previous.forEach((k, v) -> {
                if (v == null) {
                    System.clearProperty(k);
                } else {
                    System.setProperty(k, v);
                }
            });
        }
    }
}
