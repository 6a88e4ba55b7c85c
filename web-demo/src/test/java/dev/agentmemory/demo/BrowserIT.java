package dev.agentmemory.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The page in a real browser: Debian's Chromium, driven by Selenium through Debian's
 * chromedriver. A person's path: the page picks up the dev key, notes go into four namespaces,
 * a question finds the expected note on top, in each search mode with its explanation (vector and
 * keyword score and rank, fused score), hostile content stays text, a conversation is
 * followed, the stress panel fires 200 requests 32 at a time with none failed, and a
 * screenshot is saved to {@code target/screenshots/}.
 *
 * <p>Without chromedriver the test fails when {@code CI=true} (CI must install it, see
 * {@code .ci/run}) and is skipped elsewhere.
 */
class BrowserIT {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void a_person_adds_notes_asks_follows_a_conversation_and_stresses_the_server() throws Exception {
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!installed && "true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError("Chromium is not installed: " + CHROMIUM + " and " + CHROMEDRIVER
                    + " are required in CI; install them with"
                    + " 'apt-get update && apt-get install -y chromium chromium-driver' (.ci/run does this)");
        }
        Assumptions.assumeTrue(installed, "chromium / chromedriver not installed; skipped outside CI");

        Path profile = Files.createTempDirectory("web-demo-chromium");
        try (TestServer server = TestServer.start(ApiKeys.dev())) {
            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM.toFile());
            options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--user-data-dir=" + profile, "--window-size=1400,1700");
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
            WebDriver driver = new ChromeDriver(service, options);
            try {
                driver.manage().window().setSize(new Dimension(1400, 1700));
                use(driver, server);
            } finally {
                driver.quit();
            }
        } finally {
            deleteQuietly(profile);
        }
    }

    private static void use(WebDriver driver, TestServer server) throws Exception {
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(60));
        driver.get(server.base + "/");
        wait.until(d -> d.findElement(By.id("tenant")).getText().contains("dev"));

        addNote(driver, wait, "personal", "Alice's team meets on Tuesdays at ten in room 4");
        addNote(driver, wait, "personal", "Alice prefers green tea to coffee");
        addNote(driver, wait, "academic", "The thesis defence is on the twelfth of June");
        addNote(driver, wait, "projects", "The memory store ships a web demo with a stress panel");
        addNote(driver, wait, "style", "Write short sentences and avoid jargon");
        String hostile = "<img src=x onerror=\"document.title='pwned'\"><script>document.title='pwned'</script>";
        addNote(driver, wait, "personal", hostile);

        // The hostile note is shown as text in the list, and ran nothing.
        new Select(driver.findElement(By.id("note-namespace"))).selectByVisibleText("personal");
        wait.until(d -> d.findElement(By.id("notes-list")).getText().contains("<img src=x"));
        assertThat(driver.findElements(By.cssSelector("#notes-list img, #notes-list script"))).isEmpty();
        assertThat(driver.getTitle()).isEqualTo("agent-memory playground");

        WebElement query = driver.findElement(By.id("search-query"));
        query.clear();
        query.sendKeys("when does the team meet?");
        driver.findElement(By.id("search-run")).click();
        wait.until(d -> !d.findElements(By.cssSelector("#search-top li.match")).isEmpty());
        WebElement top = driver.findElement(By.cssSelector("#search-top li.match"));
        assertThat(top.getText()).contains("Tuesdays at ten");
        assertThat(top.getAttribute("data-namespace")).isEqualTo("personal");
        List<WebElement> groups = driver.findElements(By.cssSelector("#search-results .ns-group"));
        assertThat(groups).extracting(g -> g.getAttribute("data-namespace"))
                .containsExactly("personal", "academic", "projects", "style");
        // Each namespace its own top k (personal 5, academic 2, projects 2, style 1): every group shows its notes.
        assertThat(groups).extracting(g -> g.findElement(By.tagName("h3")).getText())
                .containsExactly("personal (3 of top 5)", "academic (1 of top 2)", "projects (1 of top 2)", "style (1 of top 1)");
        WebElement firstPersonal = driver.findElement(By.cssSelector(".ns-group[data-namespace=personal] li.match"));
        assertThat(firstPersonal.getText()).contains("Tuesdays");
        assertThat(Double.parseDouble(firstPersonal.findElement(By.className("score")).getText())).isBetween(0.3, 1.0);
        // In auto mode the demo's store runs hybrid: the top match explains both sides and the fused score.
        WebElement why = top.findElement(By.className("why"));
        assertThat(why.getAttribute("data-mode")).isEqualTo("hybrid");
        assertThat(why.findElement(By.className("vector")).getText()).matches("vector -?\\d+\\.\\d{3} #\\d+");
        assertThat(why.findElement(By.className("keyword")).getText()).matches("keyword -?\\d+\\.\\d{3} #\\d+");
        assertThat(why.findElement(By.className("fused")).getText()).matches("fused \\d\\.\\d{4}");

        // Keyword mode: only the note with the words, and no vector side in its explanation.
        searchIn(driver, wait, "keyword", "thesis defence");
        WebElement keywordTop = driver.findElement(By.cssSelector("#search-top li.match"));
        assertThat(keywordTop.getText()).contains("thesis defence");
        assertThat(keywordTop.findElement(By.className("why")).getAttribute("data-mode")).isEqualTo("keyword");
        assertThat(keywordTop.findElement(By.className("vector")).getText()).isEqualTo("vector \u2013");
        assertThat(keywordTop.findElement(By.className("keyword")).getText()).matches("keyword \\d+\\.\\d{3} #1");
        assertThat(driver.findElements(By.cssSelector("#search-results li.match"))).hasSize(1);

        // Vector mode: every namespace's notes by similarity, and no keyword side.
        searchIn(driver, wait, "vector", "when does the team meet?");
        WebElement vectorTop = driver.findElement(By.cssSelector("#search-top li.match"));
        assertThat(vectorTop.getText()).contains("Tuesdays at ten");
        assertThat(vectorTop.findElement(By.className("why")).getAttribute("data-mode")).isEqualTo("vector");
        assertThat(vectorTop.findElement(By.className("keyword")).getText()).isEqualTo("keyword \u2013");
        assertThat(vectorTop.findElement(By.className("vector")).getText()).matches("vector \\d\\.\\d{3} #1");
        assertThat(driver.findElement(By.id("search-status")).getText()).endsWith("(vector)");
        searchIn(driver, wait, "auto", "when does the team meet?");
        assertThat(driver.findElement(By.id("search-status")).getText()).as("auto names the mode it ran")
                .endsWith("(auto: hybrid)");

        // Hybrid, chosen by name: the same explanation as auto gave.
        searchIn(driver, wait, "hybrid", "when does the team meet?");
        assertThat(driver.findElement(By.cssSelector("#search-top li.match .why")).getAttribute("data-mode"))
                .isEqualTo("hybrid");

        driver.findElement(By.id("chat-text")).sendKeys("What did I note about tea?");
        driver.findElement(By.id("chat-send")).click();
        new Select(driver.findElement(By.id("chat-role"))).selectByVisibleText("assistant");
        driver.findElement(By.id("chat-text")).sendKeys("You prefer green tea to coffee.");
        driver.findElement(By.id("chat-send")).click();
        wait.until(d -> d.findElements(By.cssSelector("#chat-messages li")).size() == 2);
        assertThat(driver.findElement(By.id("chat-messages")).getText())
                .contains("What did I note about tea?", "You prefer green tea to coffee.");

        setValue(driver, "stress-total", "200");
        setValue(driver, "stress-concurrency", "32");
        driver.findElement(By.id("stress-run")).click();
        new WebDriverWait(driver, Duration.ofSeconds(180))
                .until(d -> d.findElement(By.id("stress-state")).getText().startsWith("done"));
        assertThat(driver.findElement(By.id("stress-error")).getText()).isEmpty();
        assertThat(driver.findElement(By.id("stress-sent")).getText()).isEqualTo("200");
        assertThat(driver.findElement(By.id("stress-ok")).getText()).isEqualTo("200");
        assertThat(driver.findElement(By.id("stress-failed")).getText()).isEqualTo("0");
        // The run's 150 notes (3 puts in 4 requests) are deleted when it ends.
        wait.until(d -> d.findElement(By.id("stress-cleanup")).getText().startsWith("cleaned up"));
        assertThat(driver.findElement(By.id("stress-cleanup")).getText()).contains("150 notes");
        assertThat(server.store.namespace(ApiKeys.DEV_TENANT, "stress").count()).isZero();

        // A namespace of the person's own choosing, still offered after a reload: the list is not fixed.
        setValue(driver, "new-namespace", "recipes");
        driver.findElement(By.id("new-namespace-add")).click();
        addNote(driver, wait, "recipes", "Bake the bread at 220 degrees for thirty minutes");
        driver.navigate().refresh();
        wait.until(d -> d.findElement(By.id("tenant")).getText().contains("dev"));
        wait.until(d -> new Select(d.findElement(By.id("note-namespace"))).getOptions().stream()
                .anyMatch(o -> o.getText().equals("recipes")));
        assertThat(driver.findElements(By.cssSelector("#search-namespaces .ns-pick")))
                .extracting(p -> p.getAttribute("data-namespace")).contains("personal", "style", "recipes");

        // Stats poll every 2 s; wait for a poll that saw the stress run.
        wait.until(d -> d.findElement(By.id("stats-backend")).getText().equals("sqlite")
                && !d.findElements(By.cssSelector("#stats-ops tbody tr")).isEmpty());
        // Show the question's answer in the screenshot (the reload emptied the question).
        searchIn(driver, wait, "auto", "when does the team meet?");
        ((org.openqa.selenium.JavascriptExecutor) driver).executeScript("window.scrollTo(0, 0)");

        File shot = ((org.openqa.selenium.TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Path dir = Path.of("target", "screenshots");
        Files.createDirectories(dir);
        Path saved = Files.copy(shot.toPath(), dir.resolve("web-demo.png"), StandardCopyOption.REPLACE_EXISTING);
        assertThat(Files.size(saved)).isPositive();
        assertThat(server.server.serverErrors()).isZero();
    }

    private static void addNote(WebDriver driver, WebDriverWait wait, String namespace, String text) {
        new Select(driver.findElement(By.id("note-namespace"))).selectByVisibleText(namespace);
        WebElement area = driver.findElement(By.id("note-text"));
        area.clear();
        area.sendKeys(text);
        String before = driver.findElement(By.id("note-status")).getText();
        driver.findElement(By.id("note-add")).click();
        wait.until(d -> {
            String status = d.findElement(By.id("note-status")).getText();
            return status.startsWith("stored in " + namespace) && !status.equals(before);
        });
    }

    /** Runs a search in {@code mode} and waits for its answer (the status names the mode asked for). */
    private static void searchIn(WebDriver driver, WebDriverWait wait, String mode, String question) {
        new Select(driver.findElement(By.id("search-mode"))).selectByValue(mode);
        setValue(driver, "search-query", question);
        String before = driver.findElement(By.id("search-status")).getText();
        driver.findElement(By.id("search-run")).click();
        wait.until(d -> {
            String status = d.findElement(By.id("search-status")).getText();
            return status.contains("(" + mode) && !status.equals(before)
                    && !d.findElements(By.cssSelector("#search-top li.match")).isEmpty();
        });
    }

        private static void setValue(WebDriver driver, String id, String value) {
        WebElement input = driver.findElement(By.id(id));
        input.clear();
        input.sendKeys(value);
    }

    private static void deleteQuietly(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException e) {
            // a temp profile left behind is harmless
        }
    }
}
