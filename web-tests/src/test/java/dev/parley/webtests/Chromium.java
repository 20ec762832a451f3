package dev.parley.webtests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

import dev.parley.infra.LocalCertificateAuthority;

/**
 * Debian's Chromium and ChromeDriver, started headless with a fresh profile per browser. Nothing is ever downloaded:
 * the driver and the browser are given by path, so Selenium Manager never runs (failsafe also sets SE_OFFLINE).
 * <p>
 * The browser trusts the stack's generated CA the way a user would: it is added, as the only extra authority, to a
 * fresh NSS database in the browser's own home folder ({@code $HOME/.pki/nssdb}, where Chromium on Linux reads
 * locally trusted CAs), with {@code certutil} from libnss3-tools. Without certutil the browser instead accepts exactly
 * the gateway certificate's public key ({@code --ignore-certificate-errors-spki-list}, which Chromium honours only
 * with a separate user data dir); every other certificate error still counts. Certificate errors are never ignored
 * wholesale.
 */
final class Chromium {

    static final Path BROWSER = Path.of(System.getProperty("parley.chromium", "/usr/bin/chromium"));
    static final Path DRIVER = Path.of(System.getProperty("parley.chromedriver", "/usr/bin/chromedriver"));
    private static final Path CERTUTIL = Stream.of("/usr/bin/certutil", "/usr/local/bin/certutil")
            .map(Path::of).filter(Files::isExecutable).findFirst().orElse(null);
    /**
     * Selenium warns at every start that it has no DevTools bindings for this Chromium version; the tests use none.
     * Kept in a field: a logger's level lasts only as long as the logger.
     */
    private static final Logger DEVTOOLS_LOG = quiet("org.openqa.selenium.devtools");

    /** How the browser comes to trust the stack's certificate. */
    enum Trust {
        /** The stack's CA in the browser's own NSS database. */
        NSS_DATABASE,
        /** Only the gateway certificate's public key accepted, by its SHA-256. */
        PINNED_GATEWAY_KEY
    }

    private Chromium() {
    }

    /** Fails, saying what to install, when Chromium or ChromeDriver is missing: browser tests never pass silently. */
    static void requireInstalled() {
        List<String> missing = new ArrayList<>();
        if (!Files.isExecutable(BROWSER)) {
            missing.add("Chromium (" + BROWSER + ", Debian package chromium)");
        }
        if (!Files.isExecutable(DRIVER)) {
            missing.add("ChromeDriver (" + DRIVER + ", Debian package chromium-driver)");
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("The browser tests need " + String.join(" and ", missing)
                    + ". Install them (apt-get install chromium chromium-driver; .ci/run does) or point -Dparley.chromium"
                    + " and -Dparley.chromedriver at them. Nothing is downloaded by the tests.");
        }
    }

    static Trust trust() {
        String forced = System.getProperty("parley.browser.trust", "");
        if (forced.equalsIgnoreCase("spki")) {
            return Trust.PINNED_GATEWAY_KEY;
        }
        return CERTUTIL != null ? Trust.NSS_DATABASE : Trust.PINNED_GATEWAY_KEY;
    }

    /**
     * Starts a headless Chromium whose profile, home folder (with its NSS database) and driver log are in
     * {@code folder}.
     */
    static ChromeDriver start(Path folder, SharedStack stack) {
        Path profile = folder.resolve("profile");
        Path home = folder.resolve("home");
        createDirectories(profile);
        createDirectories(home);

        ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER.toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--no-default-browser-check",
                "--disable-default-apps",
                "--disable-extensions",
                "--disable-dev-shm-usage",
                "--disable-features=Translate,MediaRouter,OptimizationHints,AutofillServerCommunication",
                "--password-store=basic",
                "--window-size=1280,1000",
                "--user-data-dir=" + profile);
        if (trust() == Trust.NSS_DATABASE) {
            trustInNssDatabase(home, stack.caCertificate());
        } else {
            options.addArguments("--ignore-certificate-errors-spki-list=" + spkiHash(stack.serverCertificate()));
        }
        LoggingPreferences logging = new LoggingPreferences();
        logging.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logging);

        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort()
                // Chromium finds its NSS database under $HOME; the driver passes its environment on.
                .withEnvironment(Map.of("HOME", home.toString()))
                .withLogFile(folder.resolve("chromedriver.log").toFile())
                .build();
        return new ChromeDriver(service, options);
    }

    /** A fresh NSS database holding the stack's CA as the one trusted authority added. */
    private static void trustInNssDatabase(Path home, Path caCertificate) {
        Path database = home.resolve(".pki/nssdb");
        createDirectories(database);
        String location = "sql:" + database;
        run(List.of(CERTUTIL.toString(), "-N", "-d", location, "--empty-password"));
        run(List.of(CERTUTIL.toString(), "-A", "-d", location, "-n", "Parley local CA", "-t", "C,,",
                "-i", caCertificate.toString()));
    }

    /** Base64 of the SHA-256 of the certificate's SubjectPublicKeyInfo, the form Chromium's SPKI list takes. */
    static String spkiHash(Path certificate) {
        try {
            byte[] spki = LocalCertificateAuthority.readCertificate(certificate).getPublicKey().getEncoded();
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(spki));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + certificate, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not read " + certificate, e);
        }
    }

    private static void run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output.trim());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not run " + command.get(0), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running " + command.get(0), e);
        }
    }

    private static Logger quiet(String category) {
        Logger logger = Logger.getLogger(category);
        logger.setLevel(Level.SEVERE);
        return logger;
    }

    private static void createDirectories(Path folder) {
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create " + folder, e);
        }
    }
}
