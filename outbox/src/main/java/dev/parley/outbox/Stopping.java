package dev.parley.outbox;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Whether the application is shutting down: from then on its database pools close, so {@link UntilDone} stops trying
 * (a record left unacknowledged is read again by whichever consumer takes its partition next). Static, because
 * {@link UntilDone} is; reset at every start, as tests start several applications in one JVM.
 */
@ApplicationScoped
public class Stopping {

    private static volatile boolean stopping;

    static boolean now() {
        return stopping;
    }

    void started(@Observes StartupEvent event) {
        stopping = false;
    }

    void stopping(@Observes ShutdownEvent event) {
        stopping = true;
    }
}
