package dev.parley.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Handler;
import java.util.logging.Level;

import org.jboss.logmanager.LogContext;
import org.jboss.logmanager.Logger;
import org.jboss.logmanager.formatters.PatternFormatter;
import org.jboss.logmanager.handlers.FileHandler;

/**
 * Sends the logging of everything that runs inside the launcher (Kafka, zonky's PostgreSQL wrapper, the infra module)
 * to one file, so the terminal shows only the launcher's own short messages. Kafka alone logs about two thousand lines
 * per start at INFO, hence WARN for its categories.
 */
public final class InfrastructureLogging {

    private static final String[] CHATTY_CATEGORIES = { "kafka", "org.apache.kafka", "state.change.logger" };

    private InfrastructureLogging() {
    }

    /** Call before anything logs: JBoss Logging picks its back end once, on first use. */
    public static void sendTo(Path file) {
        System.setProperty("org.jboss.logging.provider", "jboss");
        try {
            Files.createDirectories(file.getParent());
            FileHandler handler = new FileHandler(
                    new PatternFormatter("%d{yyyy-MM-dd HH:mm:ss,SSS} %-5p [%c] (%t) %s%e%n"), file.toFile(), false);
            handler.setAutoFlush(true);
            Logger root = LogContext.getLogContext().getLogger("");
            root.setHandlers(new Handler[] { handler });
            root.setLevel(Level.INFO);
            for (String category : CHATTY_CATEGORIES) {
                LogContext.getLogContext().getLogger(category).setLevel(Level.WARNING);
            }
        } catch (IOException e) {
            throw new StackException("Cannot write the log file " + file + ": " + e.getMessage());
        }
    }
}
