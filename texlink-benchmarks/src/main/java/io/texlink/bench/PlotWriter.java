package io.texlink.bench;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/** Draws the report's plots with XChart into PNG files. */
final class PlotWriter {
    private static final int WIDTH = 900;
    private static final int HEIGHT = 520;

    /** A plot written: its file name in the plot folder and its caption. */
    record Plot(String file, String caption) {
    }

    private PlotWriter() {
    }

    /** Writes every plot that has data into {@code dir}; returns them in report order. */
    static List<Plot> write(SuiteResults results, Path dir) throws IOException {
        List<Plot> plots = new ArrayList<>();
        save(baselines(results), dir, new Plot("latency-baselines.png",
                "Latency at " + SuitePlan.LATENCY_RATE + " frames/s: texlink beside the 24-byte baselines and copies of 64 KiB"), plots);
        save(bySize(results, 50), dir, new Plot("latency-p50-vs-size.png", "Median latency by frame size"), plots);
        save(bySize(results, 99), dir, new Plot("latency-p99-vs-size.png", "p99 latency by frame size"), plots);
        save(throughput(results, "consumers", SuitePlan.CONSUMER_COUNTS.stream().map(SuitePlan::consumers).toList(),
                c -> Integer.toString(c.consumers())), dir, new Plot("throughput-vs-consumers.png",
                "Frames per second by number of consumers (" + SuitePlan.SWEEP_SIZE.label() + ", flat out)"), plots);
        save(throughput(results, "buffers", SuitePlan.BUFFER_COUNTS.stream().map(SuitePlan::buffers).toList(),
                c -> Integer.toString(c.buffers())), dir, new Plot("throughput-vs-buffers.png",
                "Frames per second by number of buffers (" + SuitePlan.SWEEP_SIZE.label() + ", flat out)"), plots);
        save(throughput(results, "publish pace", SuitePlan.RATES.stream().map(SuitePlan::rate).toList(), Cell::rateLabel),
                dir, new Plot("throughput-vs-rate.png", "Frames per second by publish pace (" + SuitePlan.SWEEP_SIZE.label() + ")"),
                plots);
        return plots;
    }

    /** Writes the chart, if it has data, as {@code plot}. */
    private static void save(Optional<? extends Chart<?, ?>> chart, Path dir, Plot plot, List<Plot> written) throws IOException {
        if (chart.isEmpty()) {
            return;
        }
        chart.get().setTitle(plot.caption());
        BitmapEncoder.saveBitmap(chart.get(), dir.resolve(plot.file()).toString(), BitmapEncoder.BitmapFormat.PNG);
        written.add(plot);
    }

    private static Optional<CategoryChart> baselines(SuiteResults results) {
        List<CellResult> cells = new ArrayList<>();
        SuitePlan.BASELINES.forEach(m -> results.measured(SuitePlan.baseline(m)).ifPresent(cells::add));
        SuitePlan.TEXLINK_METHODS.forEach(m -> results.measured(SuitePlan.texlink(m, FrameSize.KIB_64)).ifPresent(cells::add));
        results.measured(SuitePlan.copy(Method.SHM_COPY, FrameSize.KIB_64)).ifPresent(cells::add);
        results.measured(SuitePlan.copy(Method.SOCKET_COPY, FrameSize.KIB_64)).ifPresent(cells::add);
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH + 300).height(HEIGHT).xAxisTitle("method")
                .yAxisTitle("latency µs (log)").build();
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setXAxisLabelRotation(20);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        if (cells.isEmpty()) {
            return Optional.empty();
        }
        List<String> names = cells.stream().map(c -> c.cell().method().label()).toList();
        // Bars start at the axis minimum, which a logarithmic axis must be told (XChart would take 0).
        chart.getStyler().setYAxisMin(cells.stream().mapToDouble(c -> c.percentileNanos(50) / 1000.0).min().orElse(1) / 2);
        for (double p : new double[]{50, 99, 99.9}) {
            chart.addSeries("p" + (p == Math.rint(p) ? Integer.toString((int) p) : Double.toString(p)), names,
                    cells.stream().map(c -> (Number) (c.percentileNanos(p) / 1000.0)).toList());
        }
        return Optional.of(chart);
    }

    private static Optional<XYChart> bySize(SuiteResults results, double percentile) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).xAxisTitle("frame size, MiB (log)")
                .yAxisTitle("p" + (int) percentile + " latency µs (log)").build();
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        for (Method m : SuitePlan.TEXLINK_METHODS) {
            sizeSeries(chart, m.label() + " @" + SuitePlan.LATENCY_RATE + "/s", results, percentile, s -> SuitePlan.texlink(m, s));
        }
        sizeSeries(chart, Method.SHM_COPY.label() + " @copy pace", results, percentile, s -> SuitePlan.copy(Method.SHM_COPY, s));
        sizeSeries(chart, Method.SOCKET_COPY.label() + " @copy pace", results, percentile,
                s -> SuitePlan.copy(Method.SOCKET_COPY, s));
        Optional<CellResult> raw = results.measured(SuitePlan.baseline(Method.RAW_SOCKET));
        if (raw.isPresent()) {
            double floor = raw.get().percentileNanos(percentile) / 1000.0;
            double[] x = {FrameSize.KIB_64.bytes() / 1048576.0, FrameSize.UHD_4K.bytes() / 1048576.0};
            chart.addSeries(Method.RAW_SOCKET.label() + " (floor)", x, new double[]{floor, floor});
        }
        return Optional.of(chart);
    }

    private static void sizeSeries(XYChart chart, String name, SuiteResults results, double percentile,
                                   java.util.function.Function<FrameSize, Cell> cellAt) {
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (FrameSize size : FrameSize.values()) {
            results.measured(cellAt.apply(size)).ifPresent(r -> {
                x.add(size.bytes() / 1048576.0);
                y.add(r.percentileNanos(percentile) / 1000.0);
            });
        }
        if (!x.isEmpty()) {
            chart.addSeries(name, x, y);
        }
    }

    private static Optional<CategoryChart> throughput(SuiteResults results, String axis, List<Cell> cells,
                                            java.util.function.Function<Cell, String> keyOf) {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).xAxisTitle(axis)
                .yAxisTitle("frames per second").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        List<CellResult> measured = cells.stream().map(results::measured).flatMap(Optional::stream).toList();
        if (measured.isEmpty()) {
            return Optional.empty();
        }
        List<String> keys = measured.stream().map(r -> keyOf.apply(r.cell())).toList();
        addBars(chart, "published", keys, measured, CellResult::publishedPerSecond);
        addBars(chart, "received, per consumer", keys, measured, CellResult::receivedPerSecondPerConsumer);
        addBars(chart, "skipped, per consumer", keys, measured, CellResult::skippedPerSecondPerConsumer);
        return Optional.of(chart);
    }

    private static void addBars(CategoryChart chart, String name, List<String> keys, List<CellResult> cells,
                                ToDoubleFunction<CellResult> value) {
        chart.addSeries(name, keys, cells.stream().map(c -> (Number) value.applyAsDouble(c)).toList());
    }
}
