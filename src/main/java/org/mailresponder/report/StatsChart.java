package org.mailresponder.report;

import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.format.DateTimeFormatter;
import java.util.List;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.StackedBarRenderer;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * The 14-day chart of the stats mail as a PNG: stacked bars per day, so a spike in requests or in one kind of
 * outcome shows at a glance. PNG rather than SVG because Gmail and Outlook do not render inline SVG.
 */
public final class StatsChart {

    private static final DateTimeFormatter LABEL = DateTimeFormatter.ofPattern("MM-dd");

    private StatsChart() {
    }

    public static byte[] png(List<DayTotals> days, int width, int height) {
        System.setProperty("java.awt.headless", "true");
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (DayTotals d : days) {
            String label = LABEL.format(d.day());
            data.addValue(d.answered(), "answered", label);
            data.addValue(d.rejected(), "not answered", label);
            data.addValue(d.rateLimited(), "rate-limited", label);
            data.addValue(d.failed(), "failed", label);
        }
        JFreeChart chart = ChartFactory.createStackedBarChart("Requests per day", null, null, data,
                PlotOrientation.VERTICAL, true, false, false);
        chart.setBackgroundPaint(Color.WHITE);
        CategoryPlot plot = chart.getCategoryPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        StackedBarRenderer r = (StackedBarRenderer) plot.getRenderer();
        r.setShadowVisible(false);
        r.setSeriesPaint(0, new Color(0x2e7d32));
        r.setSeriesPaint(1, new Color(0x9e9e9e));
        r.setSeriesPaint(2, new Color(0xf9a825));
        r.setSeriesPaint(3, new Color(0xc62828));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ChartUtils.writeChartAsPNG(out, chart, width, height);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
