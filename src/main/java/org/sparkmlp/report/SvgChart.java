package org.sparkmlp.report;

import java.util.List;
import java.util.Locale;

/**
 * Inline SVG charts for the report: line charts with axes, ticks and a legend, a stacked bar, and a
 * scatter against the diagonal. Each returns a self-contained {@code <svg>} element.
 */
final class SvgChart {
    static final String[] COLORS = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e"};

    private SvgChart() {}

    /** A named series of points; points whose y is not finite are left out. */
    record Series(String name, double[] xs, double[] ys) {
    }

    /** A linear map from data values to pixels. */
    private record Axis(double lo, double hi, double from, double to) {
        double at(double v) {
            return from + (v - lo) / (hi - lo) * (to - from);
        }
    }

    /** A line chart, 520 by 300, with axes, five ticks each and a legend; markers when {@code dots}. Empty without points. */
    static String lines(String title, String xLabel, String yLabel, List<Series> series, boolean dots) {
        double x0 = Double.POSITIVE_INFINITY;
        double x1 = Double.NEGATIVE_INFINITY;
        double y0 = Double.POSITIVE_INFINITY;
        double y1 = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (int i = 0; i < s.xs().length; i++) {
                if (Double.isFinite(s.ys()[i])) {
                    x0 = Math.min(x0, s.xs()[i]);
                    x1 = Math.max(x1, s.xs()[i]);
                    y0 = Math.min(y0, s.ys()[i]);
                    y1 = Math.max(y1, s.ys()[i]);
                }
            }
        }
        if (!Double.isFinite(x0)) {
            return "";
        }
        if (x1 == x0) {
            x1 = x0 + 1;
        }
        if (y1 == y0) {
            double d = Math.max(1e-9, Math.abs(y0) * 0.1);
            y0 -= d;
            y1 += d;
        }
        int w = 520;
        int hgt = 300;
        int left = 64;
        int right = 16;
        int top = 30;
        int bottom = 44;
        Axis ax = new Axis(x0, x1, left, w - right);
        Axis ay = new Axis(y0, y1, hgt - bottom, top);
        StringBuilder s = new StringBuilder();
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(w).append("\" height=\"").append(hgt)
            .append("\" role=\"img\" aria-label=\"").append(esc(title)).append("\">")
            .append("<text x=\"").append(w / 2).append("\" y=\"18\" text-anchor=\"middle\" font-size=\"14\">")
            .append(esc(title)).append("</text>");
        for (int t = 0; t <= 4; t++) {
            double xv = x0 + (x1 - x0) * t / 4;
            double yv = y0 + (y1 - y0) * t / 4;
            s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#eee\"/>",
                ax.at(xv), top, ax.at(xv), hgt - bottom));
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#eee\"/>",
                left, ay.at(yv), w - right, ay.at(yv)));
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" font-size=\"11\">%s</text>",
                ax.at(xv), hgt - bottom + 14, tick(xv)));
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" font-size=\"11\">%s</text>",
                left - 4, ay.at(yv) + 4, tick(yv)));
        }
        s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" "
            + "stroke=\"#999\"/>", left, top, w - left - right, hgt - top - bottom));
        s.append("<text x=\"").append((left + w - right) / 2).append("\" y=\"").append(hgt - 8)
            .append("\" text-anchor=\"middle\" font-size=\"12\">").append(esc(xLabel)).append("</text>");
        s.append("<text x=\"14\" y=\"").append((top + hgt - bottom) / 2).append("\" text-anchor=\"middle\" ")
            .append("font-size=\"12\" transform=\"rotate(-90 14 ").append((top + hgt - bottom) / 2).append(")\">")
            .append(esc(yLabel)).append("</text>");
        for (int k = 0; k < series.size(); k++) {
            Series ser = series.get(k);
            String color = COLORS[k % COLORS.length];
            StringBuilder pts = new StringBuilder();
            for (int i = 0; i < ser.xs().length; i++) {
                if (Double.isFinite(ser.ys()[i])) {
                    pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", ax.at(ser.xs()[i]), ay.at(ser.ys()[i])));
                    if (dots || ser.xs().length < 60) {
                        s.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\" fill=\"%s\"/>",
                            ax.at(ser.xs()[i]), ay.at(ser.ys()[i]), color));
                    }
                }
            }
            s.append("<polyline class=\"series\" data-series=\"").append(esc(ser.name())).append("\" fill=\"none\" ")
                .append("stroke=\"").append(color).append("\" stroke-width=\"2\" points=\"").append(pts.toString().strip())
                .append("\"/>");
            s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/>",
                w - right - 150, top + 8 + 16 * k, color));
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\">%s</text>", w - right - 136,
                top + 17 + 16 * k, esc(ser.name())));
        }
        return s.append("</svg>\n").toString();
    }

    /** A 620-wide bar of {@code parts} stacked in proportion to {@code values}, with a legend. */
    static String stackedBar(String title, String[] parts, double[] values) {
        double total = 0;
        for (double v : values) {
            total += v;
        }
        StringBuilder s = new StringBuilder("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"620\" height=\"70\" "
            + "role=\"img\" aria-label=\"" + esc(title) + "\">");
        double scale = 600 / Math.max(total, 1e-12);
        double x = 10;
        for (int i = 0; i < parts.length; i++) {
            double wdt = values[i] * scale;
            s.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"10\" width=\"%.1f\" height=\"24\" fill=\"%s\"/>",
                x, wdt, COLORS[i % COLORS.length]));
            s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"46\" width=\"10\" height=\"10\" fill=\"%s\"/>"
                + "<text x=\"%d\" y=\"55\" font-size=\"11\">%s</text>", 10 + 150 * i, COLORS[i % COLORS.length],
                24 + 150 * i, esc(parts[i])));
            x += wdt;
        }
        return s.append("</svg>\n").toString();
    }

    /** {@code (actual, predicted)} pairs against the diagonal, 360 square. */
    static String scatter(double[][] pairs, String xLabel, String yLabel) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double[] p : pairs) {
            lo = Math.min(lo, Math.min(p[0], p[1]));
            hi = Math.max(hi, Math.max(p[0], p[1]));
        }
        if (!(hi > lo)) {
            hi = lo + 1;
        }
        int size = 360;
        int pad = 44;
        Axis a = new Axis(lo, hi, pad, size - 12);
        Axis b = new Axis(lo, hi, size - pad, 12);
        StringBuilder s = new StringBuilder();
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(size).append("\" height=\"").append(size)
            .append("\" role=\"img\" aria-label=\"").append(esc(yLabel + " against " + xLabel)).append("\">");
        s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#999\" "
            + "stroke-dasharray=\"4 3\"/>", a.at(lo), b.at(lo), a.at(hi), b.at(hi)));
        for (double[] p : pairs) {
            s.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\" fill=\"%s\" "
                + "fill-opacity=\"0.6\"/>", a.at(p[0]), b.at(p[1]), COLORS[0]));
        }
        s.append("<text x=\"").append(size / 2).append("\" y=\"").append(size - 8)
            .append("\" text-anchor=\"middle\" font-size=\"12\">").append(esc(xLabel)).append("</text>")
            .append("<text x=\"12\" y=\"").append(size / 2).append("\" font-size=\"12\" text-anchor=\"middle\" ")
            .append("transform=\"rotate(-90 12 ").append(size / 2).append(")\">").append(esc(yLabel)).append("</text>");
        for (int t = 0; t <= 4; t++) {
            double v = lo + (hi - lo) * t / 4;
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" text-anchor=\"middle\">%s"
                + "</text>", a.at(v), size - pad + 14, tick(v)));
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" font-size=\"10\" text-anchor=\"end\">%s"
                + "</text>", pad - 4, b.at(v) + 3, tick(v)));
        }
        return s.append("</svg>\n").toString();
    }

    static String tick(double v) {
        return String.format(Locale.ROOT, Math.abs(v) >= 1000 || (Math.abs(v) < 0.01 && v != 0) ? "%.2g" : "%.3g", v);
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
