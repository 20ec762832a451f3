package dev.parley.webtests;

import java.nio.file.Path;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import dev.parley.stack.Folders;

/**
 * Starts the stack once for every browser test in the JVM (kept in the root store, stopped at the end of the run),
 * gives each test its {@link Browsers}, saves the evidence of a failure while the browsers still show it, and closes
 * them after the test.
 */
final class WebTestExtension implements BeforeAllCallback, ParameterResolver, AfterTestExecutionCallback,
        AfterEachCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(WebTestExtension.class);
    private static final Path SCREENSHOTS = Path.of(System.getProperty("parley.screenshots", "target/screenshots")).toAbsolutePath();
    private static final Path BROWSERS = Path.of(System.getProperty("parley.browsers", "target/browsers")).toAbsolutePath();

    /** The stack, or why it did not start: a stack that failed to start is not tried again by every class. */
    private static final class StackHolder implements AutoCloseable {
        private final SharedStack stack;
        private final RuntimeException failure;

        StackHolder() {
            // Screenshots and browser folders of an earlier run would mix with this run's.
            Folders.deleteRecursively(SCREENSHOTS);
            Folders.deleteRecursively(BROWSERS);
            SharedStack started = null;
            RuntimeException failed = null;
            try {
                started = SharedStack.start();
            } catch (RuntimeException e) {
                failed = e;
            }
            this.stack = started;
            this.failure = failed;
        }

        SharedStack get() {
            if (failure != null) {
                throw new IllegalStateException("The local stack did not start: " + failure.getMessage(), failure);
            }
            return stack;
        }

        @Override
        public void close() {
            if (stack != null) {
                stack.close();
            }
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        Chromium.requireInstalled();
        stack(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == SharedStack.class || type == Browsers.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        if (parameter.getParameter().getType() == SharedStack.class) {
            return stack(context);
        }
        return browsers(context);
    }

    @Override
    public void afterTestExecution(ExtensionContext context) {
        Browsers browsers = context.getStore(NAMESPACE).get(Browsers.class, Browsers.class);
        if (browsers != null && context.getExecutionException().isPresent()) {
            browsers.saveFailureEvidence();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Browsers browsers = context.getStore(NAMESPACE).remove(Browsers.class, Browsers.class);
        if (browsers != null) {
            browsers.close(context.getExecutionException().isPresent());
        }
    }

    static SharedStack stack(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .computeIfAbsent(StackHolder.class, type -> new StackHolder(), StackHolder.class)
                .get();
    }

    private static Browsers browsers(ExtensionContext context) {
        return context.getStore(NAMESPACE).computeIfAbsent(Browsers.class, type -> {
            String test = context.getRequiredTestMethod().getName();
            return new Browsers(stack(context), BROWSERS.resolve(test), new Browser.Screenshots(SCREENSHOTS, test));
        }, Browsers.class);
    }
}
