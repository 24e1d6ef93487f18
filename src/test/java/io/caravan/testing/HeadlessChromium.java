// A real browser for the console tests: Debian's chromium, headless, driven through chromium-driver by Selenium.
package io.caravan.testing;

import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Uses the installed browser and driver by path, so Selenium never tries to download one (nothing can be fetched
 * from outside here). Without them the tests fail, naming the packages: .ci/test-deps installs them.
 */
public final class HeadlessChromium {

    static final Path BROWSER = Path.of("/usr/bin/chromium");
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    private HeadlessChromium() {
    }

    public static ChromeDriver start() {
        if (!Files.isExecutable(BROWSER) || !Files.isExecutable(DRIVER)) {
            throw new AssertionError("The console tests need " + BROWSER + " and " + DRIVER
                    + ": apt-get install chromium chromium-driver (.ci/test-deps does)");
        }
        try {
            Path profile = Files.createTempDirectory("caravan-chromium");
            profile.toFile().deleteOnExit();
            ChromeOptions options = new ChromeOptions().setBinary(BROWSER.toFile())
                    .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                            "--no-first-run", "--disable-extensions", "--window-size=1400,1000",
                            "--user-data-dir=" + profile);
            ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(DRIVER.toString()))
                    .usingAnyFreePort().build();
            return new ChromeDriver(service, options);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
