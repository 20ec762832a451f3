package dev.parley.stack;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

/**
 * One Quarkus application of the stack, as it is to be started.
 *
 * @param name             the module name, also used for its log and pid file
 * @param workingDirectory the module folder: Quarkus reads an optional {@code .env} and {@code config/} from there,
 *                         as in dev mode
 * @param jar              the packaged application
 * @param environment      what the process gets on top of the launcher's own environment
 * @param readiness        the health endpoint that answers 200 once the process serves requests
 */
public record ProcessSpec(String name, Path workingDirectory, Path jar, Map<String, String> environment,
        URI readiness) {

    public ProcessSpec {
        environment = Map.copyOf(environment);
    }
}
