package org.mailresponder.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.mailresponder.app.PropertyScope;

import org.junit.jupiter.api.Test;

/** The README's list of properties that need a restart is the one the service applies (PropertyScope). */
class ReadmeTest {

    @Test
    void theRestartListIsWhatTheServiceReadsAtStart() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        int from = readme.indexOf("<!-- restart-properties -->");
        int to = readme.indexOf("<!-- /restart-properties -->");
        assertThat(from).isPositive();
        assertThat(to).isGreaterThan(from);
        Set<String> listed = new TreeSet<>();
        Matcher m = Pattern.compile("`(responder\\.[a-z0-9.-]+)`").matcher(readme.substring(from, to));
        while (m.find()) {
            listed.add(m.group(1));
        }
        assertThat(listed).as("README.md, between <!-- restart-properties --> markers; the beans' @PropertyInject "
                + "properties are the list").isEqualTo(PropertyScope.restartProperties());
    }
}
