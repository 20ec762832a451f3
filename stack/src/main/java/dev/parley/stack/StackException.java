package dev.parley.stack;

/**
 * An expected failure with a message meant for the person at the terminal (a taken port, a missing build, a process
 * that did not start): printed as it is, without a stack trace.
 */
public class StackException extends RuntimeException {

    /** Exit status for a command line that could not be understood, as most shell tools use. */
    static final int USAGE = 2;

    private final int exitStatus;

    public StackException(String message) {
        this(message, 1);
    }

    private StackException(String message, int exitStatus) {
        super(message);
        this.exitStatus = exitStatus;
    }

    static StackException usage(String message) {
        return new StackException(message, USAGE);
    }

    public int exitStatus() {
        return exitStatus;
    }
}
