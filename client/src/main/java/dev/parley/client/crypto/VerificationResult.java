package dev.parley.client.crypto;

import java.util.Optional;

/**
 * What {@link MessageVerifier} or {@link GroupVerifier} found: an intact message, or the first check it failed. Any
 * message that decrypted and whose sender it authenticated comes with it, even a flagged one, so that a client can
 * show it under the integrity alert; a {@link IntegrityProblem#MODIFIED}, {@link IntegrityProblem#KEY_MISSING} or
 * {@link IntegrityProblem#CIPHERTEXT_SWAPPED} one has nothing to show.
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
        return unread(IntegrityProblem.MODIFIED);
    }

    /** A message that failed before anything in it could be shown as its sender's. */
    static VerificationResult unread(IntegrityProblem problem) {
        return new VerificationResult(problem, null);
    }

    public boolean isIntact() {
        return problem == null;
    }

    /** The first check the message failed; empty when it is intact. */
    public Optional<IntegrityProblem> problem() {
        return Optional.ofNullable(problem);
    }

    /** The decrypted message; empty when it is MODIFIED, KEY_MISSING or CIPHERTEXT_SWAPPED. */
    public Optional<OpenedMessage> message() {
        return Optional.ofNullable(message);
    }

    @Override
    public String toString() {
        return "VerificationResult[" + (problem == null ? "INTACT" : problem) + "]";
    }
}
