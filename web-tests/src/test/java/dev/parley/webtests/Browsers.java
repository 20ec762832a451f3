package dev.parley.webtests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The browsers of one test: each opened with its own profile (no shared cookies or storage), all closed after the
 * test. On failure each leaves a screenshot, its console log and its page's HTML next to the test's screenshots.
 */
final class Browsers {

    private final SharedStack stack;
    private final Path workFolder;
    private final Browser.Screenshots screenshots;
    private final List<Browser> open = new ArrayList<>();

    Browsers(SharedStack stack, Path workFolder, Browser.Screenshots screenshots) {
        this.stack = stack;
        this.workFolder = workFolder;
        this.screenshots = screenshots;
    }

    /** A new browser for one person of the test, {@code name} as in the screenshots' names. */
    Browser open(String name) {
        Path folder = workFolder.resolve(name + "-" + (open.size() + 1));
        Browser browser = new Browser(name, Chromium.start(folder, stack), stack.gatewayUrl(), screenshots);
        open.add(browser);
        return browser;
    }

    void saveFailureEvidence() {
        open.forEach(Browser::saveFailureEvidence);
    }

    /** Quits every browser and removes their profiles (the driver logs stay when the test failed). */
    void close(boolean keepDriverLogs) {
        open.forEach(Browser::close);
        open.clear();
        try (Stream<Path> paths = Files.exists(workFolder) ? Files.walk(workFolder) : Stream.empty()) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                boolean driverLog = path.getFileName().toString().equals("chromedriver.log");
                if (!(keepDriverLogs && (driverLog || Files.isDirectory(path)))) {
                    Files.deleteIfExists(path);
                }
            }
        } catch (IOException e) {
            // a profile left behind in target/ is harmless
        }
    }
}
