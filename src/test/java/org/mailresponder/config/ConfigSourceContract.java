package org.mailresponder.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.mailresponder.config.ConfigSource.Fetched;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every {@link ConfigSource} promises, asserted the same way for each: the first fetch brings the bytes and a
 * version; the version in force means "unchanged" (null), for this source and for a new one after a restart; a
 * changed config comes with a new version; an unknown version gets the config in full; a missing config is an
 * {@link IOException} naming where it was looked for, never an empty config. A subclass says where the config lives.
 */
public abstract class ConfigSourceContract {

    /** A source for a config location of this test's own, where nothing is yet. */
    protected abstract ConfigSource newSource() throws Exception;

    /** Puts {@code bytes} at the location (replacing what is there). */
    protected abstract void write(byte[] bytes) throws Exception;

    /** Removes the config from the location. */
    protected abstract void remove() throws Exception;

    /** A word the location's description must contain (a file name, an object key). */
    protected abstract String locationName();

    protected static byte[] config(String text) {
        return ("[{\"email_addr\": \"get@responder.test\", \"body\": \"" + text + "\", \"attachments\": null}]")
                .getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theFirstFetchBringsTheBytesAndAVersion() throws Exception {
        write(config("one"));
        Fetched f = newSource().fetchIfChanged(null);
        assertThat(f).isNotNull();
        assertThat(f.bytes()).isEqualTo(config("one"));
        assertThat(f.version()).isNotBlank();
    }

    @Test
    void theVersionInForceMeansUnchanged() throws Exception {
        write(config("one"));
        ConfigSource source = newSource();
        Fetched f = source.fetchIfChanged(null);
        assertThat(source.fetchIfChanged(f.version())).isNull();
        assertThat(source.fetchIfChanged(f.version())).as("asked again").isNull();
        assertThat(newSource().fetchIfChanged(f.version())).as("a new source, after a restart").isNull();
    }

    @Test
    void aChangedConfigComesWithANewVersion() throws Exception {
        write(config("one"));
        ConfigSource source = newSource();
        Fetched first = source.fetchIfChanged(null);
        write(config("two, a little longer"));
        Fetched second = source.fetchIfChanged(first.version());
        assertThat(second).isNotNull();
        assertThat(second.bytes()).isEqualTo(config("two, a little longer"));
        assertThat(second.version()).isNotEqualTo(first.version());
        assertThat(source.fetchIfChanged(second.version())).isNull();
    }

    @Test
    void theSameBytesWrittenAgainAreNoChange() throws Exception {
        write(config("one"));
        ConfigSource source = newSource();
        Fetched first = source.fetchIfChanged(null);
        Thread.sleep(5);
        write(config("one"));
        assertThat(source.fetchIfChanged(first.version())).isNull();
    }

    @Test
    void aVersionThisSourceDoesNotKnowGetsTheConfigInFull() throws Exception {
        write(config("one"));
        Fetched f = newSource().fetchIfChanged("some-other-version");
        assertThat(f).isNotNull();
        assertThat(f.bytes()).isEqualTo(config("one"));
    }

    @Test
    void aMissingConfigIsAnErrorNotAnEmptyConfig() throws Exception {
        write(config("one"));
        ConfigSource source = newSource();
        Fetched f = source.fetchIfChanged(null);
        remove();
        assertThatThrownBy(() -> source.fetchIfChanged(f.version())).as("gone after it was read")
                .isInstanceOf(IOException.class);
        assertThatThrownBy(() -> newSource().fetchIfChanged(null)).as("never there")
                .isInstanceOf(IOException.class);
    }

    @Test
    void itDescribesWhereTheConfigIsReadFrom() throws Exception {
        assertThat(newSource().describe()).contains(locationName());
    }
}
