package dev.parley.systemtests;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts the stack and signs up the fixture's users once for every test class of the JVM (kept in JUnit's root
 * store, stopped at the end of the run), and hands them to tests as parameters. A stack or fixture that failed is
 * not tried again by every class.
 */
final class StackExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(StackExtension.class);

    private static final class Holder implements AutoCloseable {
        private SystemStack stack;
        private Fixture fixture;
        private RuntimeException failure;

        Holder() {
            try {
                stack = SystemStack.start();
                fixture = Fixture.create(stack);
            } catch (RuntimeException e) {
                failure = e;
            }
        }

        private void requireStarted() {
            if (failure != null) {
                throw new IllegalStateException("The local stack or the test users did not start: "
                        + failure.getMessage(), failure);
            }
        }

        @Override
        public void close() {
            if (stack != null) {
                stack.close();
            }
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == SystemStack.class || type == Fixture.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Holder holder = context.getRoot().getStore(NAMESPACE).computeIfAbsent(Holder.class, type -> new Holder(),
                Holder.class);
        holder.requireStarted();
        return parameter.getParameter().getType() == SystemStack.class ? holder.stack : holder.fixture;
    }
}
