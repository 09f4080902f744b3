package org.mailresponder.camel;

import org.apache.camel.CamelContext;
import org.apache.camel.support.service.ServiceSupport;

/**
 * Pools, clients and connections belong to the context that made them: they close when it stops, not when the JVM
 * exits (tests start many contexts in one JVM).
 */
public final class ContextResources {

    private ContextResources() {
    }

    public static <T extends AutoCloseable> T closeOnStop(CamelContext camelContext, T resource) {
        try {
            camelContext.addService(new ServiceSupport() {
                @Override
                protected void doStop() throws Exception {
                    resource.close();
                }
            }, true, true);
        } catch (Exception e) {
            throw new IllegalStateException("cannot register " + resource.getClass().getSimpleName()
                    + " to close with the context", e);
        }
        return resource;
    }

    /** Start-up work, which may fail the start. */
    public interface Task {
        void run() throws Exception;
    }

    /** Runs {@code task} as the context starts, before any route takes a request (never for an unstarted context). */
    public static void onStart(CamelContext camelContext, Task task) {
        try {
            camelContext.addStartupListener((context, alreadyStarted) -> {
                if (!alreadyStarted) {
                    task.run();
                }
            });
        } catch (Exception e) {
            throw new IllegalStateException("cannot register a start-up task", e);
        }
    }
}
