package org.mailresponder.inbound;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SenderIdentityTest {

    final SenderIdentity ids = new SenderIdentity("unit-test-key-0123456789");

    @Test
    void canonicalFormFoldsCaseTagsAndGmailDots() {
        assertThat(SenderIdentity.canonical("A.B+x@gmail.com")).isEqualTo("ab@gmail.com");
        assertThat(SenderIdentity.canonical("ab@googlemail.com")).isEqualTo("ab@gmail.com");
        assertThat(SenderIdentity.canonical(" First.Last+news@Mail.Example ")).isEqualTo("first.last@mail.example");
        assertThat(SenderIdentity.canonical("a.b@outlook.com")).as("dots matter outside gmail").isEqualTo("a.b@outlook.com");
    }

    @Test
    void hashIsKeyedAndStableAndNeverTheAddress() {
        String h = ids.hash("A.B+x@gmail.com");
        assertThat(h).hasSize(64).matches("[0-9a-f]+").isEqualTo(ids.hash("ab@googlemail.com"));
        assertThat(h).isNotEqualTo(new SenderIdentity("another-key-0123456789").hash("ab@gmail.com"));
        assertThat(h).isNotEqualTo(ids.hash("ab@yahoo.com"));
    }

    @Test
    void shortKeysAreRefused() {
        assertThatThrownBy(() -> new SenderIdentity("short")).hasMessageContaining("at least 16");
    }
}
