package dev.parley.webtests;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A browser test: the shared stack is started (once for the whole module), and test methods may take a
 * {@link SharedStack} and a {@link Browsers} parameter. No test waits forever.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(WebTestExtension.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
@interface WebTest {
}
