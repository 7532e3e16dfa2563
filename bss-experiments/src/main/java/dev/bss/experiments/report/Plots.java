package dev.bss.experiments.report;

import dev.bss.experiments.run.AtomicFiles;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * PNG charts with XChart (headless): line charts (learning curves, per-modality accuracy, pacing
 * curves), step histograms, scatter plots and heat maps. Every method writes the file atomically and
 * returns its path. NaN points are left out of line series.
 */
public final class Plots {

    static final int WIDTH = 800;
    static final int HEIGHT = 480;

    private Plots() {
    }

    /** One line of a line chart. */
    public record Series(String name, double[] x, double[] y) {
    }

    /** A line chart of {@code series}. */
    public static Path lines(Path file, String title, String xTitle, String yTitle, List<Series> series) throws IOException {
        XYChart chart = xy(title, xTitle, yTitle);
        for (Series s : series) {
            double[][] xy = dropNaN(s.x(), s.y());
            if (xy[0].length == 0) {
                continue;
            }
            XYSeries ser = chart.addSeries(unique(chart, s.name()), xy[0], xy[1]);
            ser.setMarker(xy[0].length > 40 ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
        }
        return save(chart, file);
    }

    /** Overlaid step histograms of each named sample over common bins ({@code bins} ≥ 1). */
    public static Path histograms(Path file, String title, String xTitle, Map<String, double[]> samples, int bins) throws IOException {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double[] v : samples.values()) {
            for (double d : v) {
                if (!Double.isNaN(d)) {
                    lo = Math.min(lo, d);
                    hi = Math.max(hi, d);
                }
            }
        }
        XYChart chart = xy(title, xTitle, "fraction of samples");
        if (lo <= hi) {
            if (hi == lo) {
                hi = lo + 1;
            }
            double w = (hi - lo) / bins;
            for (Map.Entry<String, double[]> e : samples.entrySet()) {
                double[] counts = new double[bins + 1];
                int n = 0;
                for (double d : e.getValue()) {
                    if (!Double.isNaN(d)) {
                        counts[Math.min(bins - 1, (int) ((d - lo) / w))]++;
                        n++;
                    }
                }
                double[] x = new double[bins + 1];
                for (int b = 0; b <= bins; b++) {
                    x[b] = lo + b * w;
                    counts[b] = n == 0 ? 0 : counts[b] / n;
                }
                counts[bins] = counts[bins - 1];
                XYSeries s = chart.addSeries(unique(chart, e.getKey()), x, counts);
                s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Step);
                s.setMarker(SeriesMarkers.NONE);
            }
        }
        return save(chart, file);
    }

    /** A scatter plot of named point clouds. */
    public static Path scatter(Path file, String title, String xTitle, String yTitle, List<Series> clouds) throws IOException {
        XYChart chart = xy(title, xTitle, yTitle);
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setMarkerSize(5);
        for (Series s : clouds) {
            double[][] xy = dropNaN(s.x(), s.y());
            if (xy[0].length > 0) {
                chart.addSeries(unique(chart, s.name()), xy[0], xy[1]);
            }
        }
        return save(chart, file);
    }

    /**
     * A heat map: {@code values[i][j]} is the cell at column {@code xLabels[j]}, row {@code yLabels[i]};
     * NaN cells are left empty.
     */
    public static Path heatMap(Path file, String title, String xTitle, String yTitle, List<String> xLabels,
                               List<String> yLabels, double[][] values) throws IOException {
        HeatMapChart chart = new HeatMapChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        chart.getStyler().setShowValue(true);
        chart.getStyler().setValueFontColor(Color.BLACK);
        chart.getStyler().setRangeColors(new Color[] {new Color(0xF7FBFF), new Color(0x6BAED6), new Color(0x08306B)});
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        List<Number[]> cells = new ArrayList<>();
        for (int i = 0; i < yLabels.size(); i++) {
            for (int j = 0; j < xLabels.size(); j++) {
                double v = values[i][j];
                if (!Double.isNaN(v)) {
                    cells.add(new Number[] {j, i, Math.round(v * 1000) / 1000.0});
                }
            }
        }
        if (cells.isEmpty()) {
            cells.add(new Number[] {0, 0, 0});
        }
        chart.addSeries("value", xLabels, yLabels, cells);
        return save(chart, file);
    }

    private static XYChart xy(String title, String xTitle, String yTitle) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotGridLinesColor(new Color(0xDDDDDD));
        chart.getStyler().setPlotBackgroundColor(Color.WHITE);
        return chart;
    }

    private static String unique(XYChart chart, String name) {
        String n = name;
        int k = 2;
        while (chart.getSeriesMap().containsKey(n)) {
            n = name + " (" + k++ + ")";
        }
        return n;
    }

    private static double[][] dropNaN(double[] x, double[] y) {
        int n = Math.min(x.length, y.length);
        double[] xs = new double[n];
        double[] ys = new double[n];
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (!Double.isNaN(x[i]) && !Double.isNaN(y[i]) && !Double.isInfinite(y[i])) {
                xs[k] = x[i];
                ys[k++] = y[i];
            }
        }
        return new double[][] {Arrays.copyOf(xs, k), Arrays.copyOf(ys, k)};
    }

    private static Path save(Chart<?, ?> chart, Path file) throws IOException {
        AtomicFiles.write(file, BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG));
        return file;
    }
}
