package dev.parley.client.crypto;

import java.util.Optional;

/**
 * What {@link MessageVerifier} found: an intact message, or the first check it failed. Any
 * message that decrypted comes with it, even a flagged one, so that a client can show it under
 * the integrity alert; only a {@link IntegrityProblem#MODIFIED} one has nothing to show.
 */
public final class VerificationResult {

    private final IntegrityProblem problem;
    private final OpenedMessage message;

    private VerificationResult(IntegrityProblem problem, OpenedMessage message) {
        this.problem = problem;
        this.message = message;
    }

    static VerificationResult intact(OpenedMessage message) {
        return new VerificationResult(null, message);
    }

    static VerificationResult failed(IntegrityProblem problem, OpenedMessage message) {
        return new VerificationResult(problem, message);
    }

    static VerificationResult modified() {
        return new VerificationResult(IntegrityProblem.MODIFIED, null);
    }

    public boolean isIntact() {
        return problem == null;
    }

    /** The first check the message failed; empty when it is intact. */
    public Optional<IntegrityProblem> problem() {
        return Optional.ofNullable(problem);
    }

    /** The decrypted message; empty only when it is {@link IntegrityProblem#MODIFIED}. */
    public Optional<OpenedMessage> message() {
        return Optional.ofNullable(message);
    }

    @Override
    public String toString() {
        return "VerificationResult[" + (problem == null ? "INTACT" : problem) + "]";
    }
}
