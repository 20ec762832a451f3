package dev.parley.stack;

import java.util.List;
import java.util.Locale;

/**
 * What the launcher was asked to do. The {@code parley} script handles {@code help} and the build options itself and
 * passes the rest on.
 *
 * @param command             the command
 * @param includeCertificates for {@code reset}: delete the certificates too ({@code --all})
 */
public record CommandLine(Command command, boolean includeCertificates) {

    public enum Command {
        /** Everything, in the foreground. */
        UP,
        /** Only PostgreSQL and Kafka, in the foreground. */
        INFRA,
        DOWN,
        STATUS,
        RESET
    }

    public static CommandLine parse(List<String> arguments) {
        if (arguments.isEmpty()) {
            throw StackException.usage("No command given; ./parley help lists them.");
        }
        Command command = commandNamed(arguments.get(0));
        boolean all = false;
        for (String option : arguments.subList(1, arguments.size())) {
            if (command == Command.RESET && option.equals("--all")) {
                all = true;
            } else {
                throw StackException.usage("'" + option + "' is not an option of "
                        + command.name().toLowerCase(Locale.ROOT) + "; ./parley help lists them.");
            }
        }
        return new CommandLine(command, all);
    }

    private static Command commandNamed(String name) {
        for (Command command : Command.values()) {
            if (command.name().toLowerCase(Locale.ROOT).equals(name)) {
                return command;
            }
        }
        throw StackException.usage("Unknown command '" + name + "'; ./parley help lists the commands.");
    }
}
