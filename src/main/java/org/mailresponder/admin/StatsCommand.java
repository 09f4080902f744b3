package org.mailresponder.admin;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.Callable;

import com.zaxxer.hikari.HikariDataSource;
import org.mailresponder.config.DatabaseSetup;
import org.mailresponder.report.StatsReportText;
import org.mailresponder.report.StatsRepository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mail-responder stats [--day D]}: the text of the daily stats mail, from the shared database. */
@Command(name = "stats", mixinStandardHelpOptions = true,
        description = "Print the statistics report of one day (default: yesterday in responder.schedule.zone), "
                + "counted by all replicas. Exit 0 ok, 2 usage, 1 failure.")
public class StatsCommand implements Callable<Integer> {

    @Option(names = "--day", paramLabel = "YYYY-MM-DD", description = "Day to report (default: yesterday).")
    String day;

    @Override
    public Integer call() {
        ResponderProperties props = ResponderProperties.load(Path.of(""));
        LocalDate when;
        try {
            when = day != null ? LocalDate.parse(day)
                    : LocalDate.now(ZoneId.of(props.get("responder.schedule.zone", "UTC"))).minusDays(1);
        } catch (DateTimeParseException e) {
            System.err.println("mail-responder stats: --day must be YYYY-MM-DD, not " + day);
            return 2;
        }
        try (HikariDataSource ds = DatabaseSetup.dataSource(props.get("responder.db.url", ""),
                props.get("responder.db.user", ""), props.get("responder.db.password", ""), 1)) {
            System.out.print(StatsReportText.plain(new StatsRepository(ds).report(when), Optional.empty()));
            return 0;
        } catch (Exception e) {
            System.err.println("mail-responder stats: " + e.getMessage());
            return 1;
        }
    }
}
