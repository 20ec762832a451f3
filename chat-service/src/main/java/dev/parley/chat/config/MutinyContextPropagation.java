package dev.parley.chat.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * Turns off MicroProfile Context Propagation in Mutiny pipelines, unless configured on.
 * <p>
 * With it on, every Mutiny operator captures the thread's contexts when it is made (the CDI request context and, as
 * Flyway's JDBC pool brings Narayana in, the JTA transaction) and restores them around each callback: about a tenth
 * of chat-service's CPU on the message path, where nothing needs them. What this service's pipelines need travels
 * otherwise: Hibernate Reactive's session and the OpenTelemetry context in the Vert.x context, the user in the socket's
 * own data, and a REST method reads the token before its pipeline starts.
 */
@ApplicationScoped
public class MutinyContextPropagation {

    private static final Logger LOG = Logger.getLogger(MutinyContextPropagation.class);

    void configure(@Observes Startup startup,
            @ConfigProperty(name = "parley.chat.mutiny-context-propagation", defaultValue = "false") boolean enabled) {
        if (!enabled) {
            Infrastructure.clearInterceptors();
            LOG.debug("Mutiny pipelines propagate no MicroProfile contexts");
        }
    }
}
