package io.zerone.insights.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;


/**
 * A real browser (Debian's Chromium, headless) reads the site as a visitor would. Without Chromium this fails, on
 * purpose: CI installs it ({@code apt-get install chromium chromium-driver}). Screenshots go to target/screenshots.
 */
@QueryServiceIntegrationTest
class BrowserIntegrationTests {

    static final Path CHROMIUM = Path.of(System.getProperty("chromium.binary", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("chromedriver.binary", "/usr/bin/chromedriver"));
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    static ChromeDriver browser;
    static Path profile;

    @Autowired
    TestPipeline pipeline;

    @LocalServerPort
    int port;

    @BeforeAll
    static void startChromium() throws IOException {
        assertThat(CHROMIUM).as("Chromium is missing: apt-get install -y chromium chromium-driver").isExecutable();
        assertThat(CHROMEDRIVER).as("ChromeDriver is missing: apt-get install -y chromium-driver").isExecutable();
        profile = Files.createTempDirectory("chromium-profile");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,1600", "--user-data-dir=" + profile);
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
        ChromeDriverService driver = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        browser = new ChromeDriver(driver, options);
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    static void stopChromium() {
        if (browser != null) {
            browser.quit();
        }
    }

    @BeforeEach
    void seedState() {
        pipeline.publishSeeds();
        pipeline.publishSeedCases();
    }

    @Test
    void visitorSeesTheCardsNewestFirstAndReadsAnInsight() throws IOException {
        browser.get("http://localhost:" + port + "/insights");
        screenshot("listing.png");

        List<WebElement> titles = browser.findElements(By.cssSelector(".card .card-title"));
        assertThat(titles).allMatch(WebElement::isDisplayed);
        assertThat(titles.stream().map(WebElement::getText).toList())
                .containsExactlyElementsOf(Seed.all().stream().map(Seed::title).toList());
        assertThat(browser.findElement(By.cssSelector(".counter")).getText()).isEqualTo("8 Cases · 9 Insights · since 2026");
        assertThat(browser.findElement(By.cssSelector(".card")).getCssValue("border-top-style"))
                .as("the layout's stylesheet applies").isEqualTo("solid");

        browser.findElements(By.cssSelector(".card .card-link")).get(4).click();
        screenshot("article.png");

        assertThat(browser.getCurrentUrl()).endsWith("/insights/cache-without-a-lock-thundering-herd");
        assertThat(browser.findElement(By.tagName("h1")).getText())
                .isEqualTo(Seed.bySlug("cache-without-a-lock-thundering-herd").title());
        assertThat(severeConsoleMessages()).as("console errors, CSP violations included").isEmpty();
    }

    @Test
    void visitorSearchesFromTheListing() throws IOException {
        browser.get("http://localhost:" + port + "/insights");

        browser.findElement(By.id("q")).sendKeys("pgbouncer");
        browser.findElement(By.cssSelector("form.search button")).click();
        screenshot("search.png");

        assertThat(browser.findElements(By.cssSelector(".results .card-title")).stream().map(WebElement::getText))
                .containsExactly(Seed.bySlug("commit-before-async-io").title());
        assertThat(browser.findElement(By.cssSelector(".results mark")).isDisplayed()).isTrue();
    }

    @Test
    void visitorFollowsTheSuggestionForAMisspelledSearch() throws IOException {
        browser.get("http://localhost:" + port + "/insights/search?q=thundring");

        browser.findElement(By.cssSelector(".suggestion a")).click();
        screenshot("search-suggestion.png");

        assertThat(browser.getCurrentUrl()).endsWith("/insights/search?q=thundering");
        assertThat(browser.findElements(By.cssSelector(".results .card-title mark")).stream().map(WebElement::getText))
                .contains("thundering");
        assertThat(severeConsoleMessages()).as("console errors, CSP violations included").isEmpty();
    }

    @Test
    void aPhoneShowsAnIdentifierLongerThanItsScreenWithoutScrollingSideways() throws IOException {
        Seed seed = Seed.bySlug("commit-before-async-io");
        String slug = "long-identifier-on-a-phone";
        pipeline.publishAndAwait(RenderedEvents.rendered(new Seed(slug, seed.title(),
                "Set io.zerone.insights.render.pipeline.InsightEventsListenerConcurrencyAndBatchSize first.",
                seed.category(), seed.publishedAt(), seed.readingMinutes(), null, List.of(), seed.body(),
                seed.language())));
        try {
            browser.manage().window().setSize(new Dimension(375, 800));
            // not /insights: the browser keeps that page for its max-age, and the other tests count its cards
            browser.get("http://localhost:" + port + "/insights/categories/data-engineering");
            screenshot("listing-phone.png");

            Object sideways = browser.executeScript(
                    "return document.documentElement.scrollWidth - document.documentElement.clientWidth");
            assertThat(sideways).as("pixels the page is wider than the screen").isEqualTo(0L);
        } finally {
            browser.manage().window().setSize(new Dimension(1280, 1600));
            pipeline.publishAndAwait(RenderedEvents.removed(slug));
        }
    }

    private List<String> severeConsoleMessages() {
        return browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage).toList();
    }

    private static void screenshot(String name) throws IOException {
        File shot = browser.getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }
}
