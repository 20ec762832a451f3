package dev.parley.stack;

import java.util.List;
import java.util.Locale;

/**
 * What the launcher was asked to do. The {@code parley} script handles {@code help} and the build options itself and
 * passes the rest on.
 *
 * @param command             the command
 * @param includeCertificates for {@code reset}: delete the certificates too ({@code --all})
 * @param chatInstances       for {@code up}: how many chat-service processes to run ({@code --chat-instances N}, 1
 *                            unless given)
 */
public record CommandLine(Command command, boolean includeCertificates, int chatInstances) {

    static final String CHAT_INSTANCES = "--chat-instances";

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
        int chatInstances = 1;
        for (int i = 1; i < arguments.size(); i++) {
            String option = arguments.get(i);
            if (command == Command.RESET && option.equals("--all")) {
                all = true;
            } else if (command == Command.UP && option.equals(CHAT_INSTANCES)) {
                i++;
                chatInstances = chatInstances(i < arguments.size() ? arguments.get(i) : null);
            } else if (command == Command.UP && option.startsWith(CHAT_INSTANCES + "=")) {
                chatInstances = chatInstances(option.substring(CHAT_INSTANCES.length() + 1));
            } else {
                throw StackException.usage("'" + option + "' is not an option of "
                        + command.name().toLowerCase(Locale.ROOT) + "; ./parley help lists them.");
            }
        }
        return new CommandLine(command, all, chatInstances);
    }

    private static int chatInstances(String value) {
        try {
            int count = value == null ? 0 : Integer.parseInt(value);
            if (count >= 1 && count <= StackSettings.MAX_CHAT_INSTANCES) {
                return count;
            }
        } catch (NumberFormatException e) {
            // reported below, together with numbers out of range
        }
        throw StackException.usage(CHAT_INSTANCES + " takes a number from 1 to " + StackSettings.MAX_CHAT_INSTANCES
                + (value == null ? "." : ", not '" + value + "'."));
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
