package org.mailresponder.delivery;

import java.io.IOException;
import java.sql.SQLTransientConnectionException;

import org.apache.camel.RuntimeCamelException;
import org.junit.jupiter.api.Test;
import org.mailresponder.config.ConfigUnavailableException;
import org.springframework.dao.DataAccessResourceFailureException;

import static org.assertj.core.api.Assertions.assertThat;

class FailureClassifierTest {

    final FailureClassifier classifier = new FailureClassifier(RuntimeCamelException.class);

    @Test
    void outagesAreJudgedByTheOutermostExceptionThroughWrappers() {
        assertThat(classifier.isOutage(new SQLTransientConnectionException("pool exhausted"))).isTrue();
        assertThat(classifier.isOutage(new DataAccessResourceFailureException("gone", new NullPointerException()))).isTrue();
        assertThat(classifier.isOutage(new RuntimeCamelException(new IOException("disk full")))).isTrue();
        assertThat(classifier.isOutage(new ConfigUnavailableException("no config yet"))).isTrue();
    }

    @Test
    void bugsStayBugsWhateverTheyWrap() {
        assertThat(classifier.isOutage(new IllegalStateException("bug", new IOException("io")))).isFalse();
        assertThat(classifier.isOutage(new NullPointerException())).isFalse();
        assertThat(classifier.isOutage(new RuntimeCamelException(new IllegalArgumentException("bad")))).isFalse();
    }
}
