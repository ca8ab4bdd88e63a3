package io.rampart.bench.report;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The one place the reports draw PNG charts (XChart; run headless: {@code -Djava.awt.headless=true}):
 * the comparison report ({@link ReportWriter}) draws through it, so every chart has the same size, fonts and
 * axis conventions.
 */
public final class Plots {
    private static final int WIDTH = 1100;
    private static final int HEIGHT = 650;

    private Plots() {
    }

    /**
     * Latency by percentile for every system on one chart, in the HdrHistogram plotter's shape: the x axis is
     * 1/(1-percentile) on a log scale (plotted as its log10 on a linear axis, so that ticks fall on the
     * decades 0%, 90%, 99%, 99.9%...), so the tail gets as much room as the median. The latency axis is
     * log10 of microseconds on a linear axis for the same reason: ticks on 1, 10, 100 us...
     */
    static void latencyPercentiles(List<Hgrm> histograms, String title, Path png) throws IOException {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle("percentile").yAxisTitle("latency (us, log scale)").build();
        chart.getStyler().setxAxisTickLabelsFormattingFunction(Plots::decadeLabel);
        chart.getStyler().setyAxisTickLabelsFormattingFunction(Plots::microsecondDecade);
        chart.getStyler().setXAxisMin(0.0);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        chart.getStyler().setMarkerSize(0);
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        for (Hgrm h : histograms) {
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (Hgrm.Point p : h.points()) {
                if (Double.isFinite(p.inverse()) && p.valueUs() > 0) {
                    x.add(Math.log10(p.inverse()));
                    y.add(Math.log10(p.valueUs()));
                    low = Math.min(low, Math.log10(p.valueUs()));
                    high = Math.max(high, Math.log10(p.valueUs()));
                }
            }
            if (!x.isEmpty()) {
                chart.addSeries(h.system(), x, y).setMarker(SeriesMarkers.NONE);
            }
        }
        if (low <= high) { // whole decades at both ends, so the axis ticks land on 1, 10, 100 us
            chart.getStyler().setYAxisMin(Math.floor(low));
            chart.getStyler().setYAxisMax(Math.max(Math.ceil(high), Math.floor(low) + 1));
        }
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    /** Bars of throughput, one per labelled configuration, in millions of messages per second. */
    static void throughputBars(List<String> labels, List<Double> msgsPerSecond, String title, Path png)
            throws IOException {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .yAxisTitle("M msgs/s").build();
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setXAxisLabelRotation(30);
        chart.getStyler().setLabelsVisible(true);
        chart.getStyler().setLabelsFontColorAutomaticEnabled(false);
        chart.getStyler().setLabelsPosition(1.0);
        chart.getStyler().setDecimalPattern("#,##0.0");
        List<Double> millions = msgsPerSecond.stream().map(v -> v / 1e6).toList();
        chart.addSeries("throughput", labels, millions);
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    /**
     * Groups of bars: one group per category, one bar per series in it (for example requests/s per
     * server variant, one series per connection count).
     *
     * @param series         series name to one value per category, in order
     * @param decimalPattern how the value labels read ({@code "#,##0"})
     */
    public static void groupedBars(String title, String yTitle, List<String> categories,
                                   Map<String, List<Double>> series, String decimalPattern, Path png) throws IOException {
        CategoryChart chart = categoryChart(title, yTitle);
        chart.getStyler().setLabelsVisible(true);
        chart.getStyler().setDecimalPattern(decimalPattern);
        series.forEach((name, values) -> chart.addSeries(name, categories, values));
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    /**
     * Latencies on a log axis, one point per category per series: points rather than bars, because
     * XChart's log axis refuses bars (they start at 0). Values below 1 are drawn at 1.
     */
    public static void logPoints(String title, String yTitle, List<String> categories, Map<String, List<Double>> series,
                                 Path png) throws IOException {
        CategoryChart chart = categoryChart(title, yTitle);
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setDefaultSeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Scatter);
        series.forEach((name, values) -> chart.addSeries(name, categories,
                values.stream().map(v -> Math.max(1.0, v)).toList()));
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private static CategoryChart categoryChart(String title, String yTitle) {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title).yAxisTitle(yTitle)
                .build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        return chart;
    }

    /** A tick at log10(1/(1-p)) as a percentile on whole decades ("90%", "99.9%"), blank between them. */
    static String decadeLabel(double log10Inverse) {
        double decade = Math.rint(log10Inverse);
        if (Math.abs(log10Inverse - decade) > 1e-6) {
            return "";
        }
        // percentile = 100 - 10^(2-d): d=1 -> 90, d=3 -> 99.9; BigDecimal keeps it free of binary noise
        BigDecimal percent = BigDecimal.valueOf(100).subtract(BigDecimal.ONE.movePointLeft((int) decade - 2));
        return percent.stripTrailingZeros().toPlainString() + "%";
    }

    /** A tick at log10(us) as microseconds on whole decades ("0.1", "1", "1,000"), blank between them. */
    static String microsecondDecade(double log10Micros) {
        double decade = Math.rint(log10Micros);
        if (Math.abs(log10Micros - decade) > 1e-6) {
            return "";
        }
        return BigDecimal.ONE.movePointRight((int) decade).stripTrailingZeros().toPlainString()
                .replaceAll("(\\d)(?=(\\d{3})+$)", "$1,");
    }
}
