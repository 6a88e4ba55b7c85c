package dev.agentmemory.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;

/** Static helpers: writes the report's series as PNG charts with XChart. */
final class Charts {
    private Charts() {}

    static List<String> write(Report report, Path dir) throws IOException {
        System.setProperty("java.awt.headless", "true");
        List<String> files = new ArrayList<>();
        for (Map.Entry<String, Map<String, Map<String, Double>>> c : report.bars.entrySet()) {
            boolean log = c.getKey().contains("(log)");
            CategoryChart chart = new CategoryChartBuilder().width(1100).height(600).title(c.getKey())
                    .yAxisTitle(c.getKey().replace(" (log)", "")).build();
            chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
            chart.getStyler().setYAxisLogarithmic(log);
            chart.getStyler().setOverlapped(false);
            chart.getStyler().setXAxisLabelRotation(20);
            List<String> xs = new ArrayList<>();
            for (Map<String, Double> s : c.getValue().values()) {
                for (String x : s.keySet()) {
                    if (!xs.contains(x)) {
                        xs.add(x);
                    }
                }
            }
            for (Map.Entry<String, Map<String, Double>> s : c.getValue().entrySet()) {
                List<Double> ys = new ArrayList<>();
                for (String x : xs) {
                    ys.add(s.getValue().getOrDefault(x, log ? 1.0 : 0.0));
                }
                chart.addSeries(s.getKey(), xs, ys);
            }
            files.add(save(chart, dir, c.getKey()));
        }
        for (Map.Entry<String, Map<String, List<double[]>>> c : report.lines.entrySet()) {
            boolean recall = c.getKey().startsWith("recall");
            XYChart chart = new XYChartBuilder().width(900).height(600).title(c.getKey())
                    .xAxisTitle(recall ? "recall@10" : "vectors").yAxisTitle(recall ? "queries/s (log)" : "bytes per vector")
                    .build();
            chart.getStyler().setYAxisLogarithmic(recall);
            chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSW);
            for (Map.Entry<String, List<double[]>> s : c.getValue().entrySet()) {
                double[] x = s.getValue().stream().mapToDouble(p -> p[0]).toArray();
                double[] y = s.getValue().stream().mapToDouble(p -> p[1]).toArray();
                chart.addSeries(s.getKey(), x, y);
            }
            files.add(save(chart, dir, c.getKey()));
        }
        return files;
    }

    private static String save(org.knowm.xchart.internal.chartpart.Chart<?, ?> chart, Path dir, String title)
            throws IOException {
        String name = title.replaceAll("[^A-Za-z0-9]+", "-").replaceAll("-+$", "").toLowerCase() + ".png";
        BitmapEncoder.saveBitmap(chart, dir.resolve(name).toString(), BitmapEncoder.BitmapFormat.PNG);
        return name;
    }
}
