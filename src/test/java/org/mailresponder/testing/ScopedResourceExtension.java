package org.mailresponder.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * An extension whose resources live as long as the field that registers it: a static field keeps them for the
 * class, an instance field for one test. JUnit tells the two apart only by which callbacks it sends.
 */
public abstract class ScopedResourceExtension implements BeforeAllCallback, AfterAllCallback, AfterEachCallback {

    private boolean perClass;

    @Override
    public final void beforeAll(ExtensionContext context) {
        // only a static field gets this callback: its resources live as long as the class
        perClass = true;
    }

    @Override
    public final void afterEach(ExtensionContext context) throws Exception {
        if (!perClass) {
            close();
        }
    }

    @Override
    public final void afterAll(ExtensionContext context) throws Exception {
        close();
    }

    /** Releases what this scope made; the next use in a later scope makes it again. */
    protected abstract void close() throws Exception;
}
