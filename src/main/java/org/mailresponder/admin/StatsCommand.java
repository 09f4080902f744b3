package org.mailresponder.admin;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.Callable;

import org.mailresponder.report.StatsReportText;
import org.mailresponder.report.StatsRepository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code mail-responder stats [--day D]}: the text of the daily stats mail, from the shared database. */
@Command(name = "stats", mixinStandardHelpOptions = true,
        description = "Print the statistics report of one day (default: yesterday in responder.schedule.zone), "
                + "counted by all replicas. Exit 0 ok, 2 usage, 1 failure.")
public class StatsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--day", paramLabel = "YYYY-MM-DD", description = "Day to report (default: yesterday).")
    String day;

    @Override
    public Integer call() throws Exception {
        try (AdminEnvironment env = AdminEnvironment.of(spec)) {
            LocalDate when;
            try {
                when = day != null ? LocalDate.parse(day)
                        : LocalDate.now(ZoneId.of(env.property("responder.schedule.zone").strip())).minusDays(1);
            } catch (DateTimeParseException e) {
                throw new ParameterException(spec.commandLine(), "--day must be YYYY-MM-DD, not " + day);
            }
            spec.commandLine().getOut().print(StatsReportText.plain(new StatsRepository(env.database()).report(when),
                    Optional.empty()));
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
