package dev.agentmemory.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the quick start on a real SQLite file and checks the README shows its code verbatim. */
class QuickStartTest {

    @Test
    void the_quick_start_runs_on_a_fresh_sqlite_file(@TempDir Path dir) throws Exception {
        String report = QuickStart.run("sqlite:" + dir.resolve("quickstart.db"));
        assertThat(report).contains("best match: Alice's team meets on Tuesdays at ten");
        assertThat(report).contains("800 operations on one shared store")
                .contains("400 notes across projects/academic/style");
        assertThat(dir.resolve("quickstart.db")).exists();
    }

    @Test
    void the_readme_example_is_the_code_that_runs() throws Exception {
        String source = Files.readString(Path.of("src/main/java/dev/agentmemory/examples/QuickStart.java"));
        String block = source.substring(source.indexOf("// README example: begin"), source.indexOf("// README example: end"));
        String example = block.lines().skip(1).map(String::strip).filter(l -> !l.isEmpty())
                .collect(Collectors.joining("\n"));
        String readme = Files.readString(Path.of("../README.md")).lines().map(String::strip)
                .filter(l -> !l.isEmpty()).collect(Collectors.joining("\n"));
        assertThat(readme).contains(example);
    }
}
