package org.mailresponder.compose;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.mailresponder.compose.AttachmentStore.Attachment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every {@link AttachmentStore} promises, asserted the same way for each: a fetch brings the object's bytes
 * and a version that stays while the bytes do and changes with them; a replaced object is fetched anew; a missing
 * one is an {@link IOException} naming it, from both {@code fetch} and {@code checkReadable}; re-checking unchanged
 * objects changes nothing and the generation never goes back. A subclass says where objects live.
 */
public abstract class AttachmentStoreContract {

    /** The store under test, over this test's own empty bucket {@link #bucket()}. */
    protected abstract AttachmentStore store() throws Exception;

    protected abstract String bucket();

    /** Puts (or replaces) an object. */
    protected abstract void put(String key, byte[] bytes) throws Exception;

    protected abstract void remove(String key) throws Exception;

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aFetchBringsTheObjectsBytesAndAVersion() throws Exception {
        put("app.apk", bytes("the installer"));
        Attachment a = store().fetch(bucket(), "app.apk");
        assertThat(a.bytes()).isEqualTo(bytes("the installer"));
        assertThat(a.version()).isNotBlank();
    }

    @Test
    void theVersionStaysWhileTheBytesDoAndChangesWithThem() throws Exception {
        put("app.apk", bytes("version one"));
        AttachmentStore store = store();
        Attachment first = store.fetch(bucket(), "app.apk");
        assertThat(store.fetch(bucket(), "app.apk").version()).isEqualTo(first.version());

        put("app.apk", bytes("version two"));
        Attachment second = store.fetch(bucket(), "app.apk");
        assertThat(second.bytes()).as("a replaced object is fetched anew").isEqualTo(bytes("version two"));
        assertThat(second.version()).isNotEqualTo(first.version());
    }

    @Test
    void objectsAreKeptApart() throws Exception {
        put("a.apk", bytes("A"));
        put("b.apk", bytes("B"));
        AttachmentStore store = store();
        assertThat(store.fetch(bucket(), "a.apk").bytes()).isEqualTo(bytes("A"));
        assertThat(store.fetch(bucket(), "b.apk").bytes()).isEqualTo(bytes("B"));
    }

    @Test
    void aMissingObjectIsAnErrorNamingIt() throws Exception {
        AttachmentStore store = store();
        assertThatThrownBy(() -> store.fetch(bucket(), "never-there.apk"))
                .isInstanceOf(IOException.class).hasMessageContaining("never-there.apk");
        assertThatThrownBy(() -> store.checkReadable(bucket(), "never-there.apk"))
                .isInstanceOf(IOException.class).hasMessageContaining("never-there.apk");
    }

    @Test
    void aPresentObjectIsReadable() throws Exception {
        put("app.apk", bytes("the installer"));
        assertThatCode(() -> store().checkReadable(bucket(), "app.apk")).doesNotThrowAnyException();
    }

    @Test
    void anObjectRemovedAfterUseIsNoLongerReadable() throws Exception {
        put("app.apk", bytes("the installer"));
        AttachmentStore store = store();
        store.fetch(bucket(), "app.apk");
        remove("app.apk");
        assertThatThrownBy(() -> store.checkReadable(bucket(), "app.apk"))
                .isInstanceOf(IOException.class).hasMessageContaining("app.apk");
    }

    @Test
    void reCheckingUnchangedObjectsChangesNothing() throws Exception {
        put("app.apk", bytes("the installer"));
        AttachmentStore store = store();
        store.fetch(bucket(), "app.apk");
        long generation = store.generation();
        assertThat(store.revalidate()).isZero();
        assertThat(store.generation()).isEqualTo(generation);
    }

    @Test
    void theGenerationNeverGoesBack() throws Exception {
        put("app.apk", bytes("version one"));
        AttachmentStore store = store();
        store.fetch(bucket(), "app.apk");
        long before = store.generation();
        put("app.apk", bytes("version two, longer"));
        store.revalidate();
        assertThat(store.generation()).isGreaterThanOrEqualTo(before);
        assertThat(store.fetch(bucket(), "app.apk").bytes()).isEqualTo(bytes("version two, longer"));
    }
}
