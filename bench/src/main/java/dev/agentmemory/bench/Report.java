package dev.agentmemory.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Confined to the harness thread: the Markdown report and the series behind the charts. */
final class Report {
    final StringBuilder md = new StringBuilder();
    /** Chart name to series name to (x label to value). */
    final Map<String, Map<String, Map<String, Double>>> bars = new LinkedHashMap<>();
    /** Scatter chart name to series name to points (x, y). */
    final Map<String, Map<String, List<double[]>>> lines = new LinkedHashMap<>();
    final List<String> targets = new ArrayList<>();

    void line(String s) {
        md.append(s).append('\n');
        System.out.println(s);
    }

    void table(String... header) {
        line("| " + String.join(" | ", header) + " |");
        line("|" + "---|".repeat(header.length));
    }

    void row(Object... cells) {
        StringBuilder b = new StringBuilder("|");
        for (Object c : cells) {
            b.append(' ').append(c instanceof Double d ? Stats.f(d) : String.valueOf(c)).append(" |");
        }
        line(b.toString());
    }

    void bar(String chart, String series, String x, double y) {
        bars.computeIfAbsent(chart, k -> new LinkedHashMap<>()).computeIfAbsent(series, k -> new LinkedHashMap<>())
                .put(x, y);
    }

    void point(String chart, String series, double x, double y) {
        lines.computeIfAbsent(chart, k -> new LinkedHashMap<>()).computeIfAbsent(series, k -> new ArrayList<>())
                .add(new double[] {x, y});
    }

    /** Writes the targets recorded so far as a "Targets" section, for the sections that run alone. */
    void targetsSection() {
        line("");
        line("## Targets");
        line("");
        line("| target | measured | goal | verdict | detail |");
        line("|---|---|---|---|---|");
        targets.forEach(this::line);
    }

    /** A target where lower is better: met when {@code measured <= limit}. */
    void targetAtMost(String what, double measured, double limit, String detail) {
        String verdict = measured <= limit ? "met" : "NOT met";
        targets.add("| " + what + " | " + Stats.f(measured) + " | at most " + Stats.f(limit) + " | " + verdict + " | "
                + detail + " |");
    }

    void target(String what, double ratio, double goal, String detail) {
        String verdict = ratio >= goal ? "met" : "NOT met";
        targets.add("| " + what + " | " + Stats.f(ratio) + " | " + Stats.f(goal) + " | " + verdict + " | " + detail
                + " |");
    }
}
