package chat.mz.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The printed summary: one row per figure, with its target and whether the target was met. */
final class ResultTable {
    enum Verdict {
        PASS("pass"), MISSED("missed"), INFO("");

        final String label;

        Verdict(String label) {
            this.label = label;
        }
    }

    record Row(String metric, String value, String target, Verdict verdict) {
    }

    private final List<Row> rows = new ArrayList<>();

    void info(String metric, String value) {
        rows.add(new Row(metric, value, "", Verdict.INFO));
    }

    void check(String metric, String value, String target, boolean met) {
        rows.add(new Row(metric, value, target, met ? Verdict.PASS : Verdict.MISSED));
    }

    boolean allMet() {
        return rows.stream().noneMatch(row -> row.verdict() == Verdict.MISSED);
    }

    String render() {
        String[] headers = {"Metric", "Value", "Target", "Result"};
        int[] widths = new int[headers.length];
        for (int i = 0; i < headers.length; i++) {
            widths[i] = headers[i].length();
        }
        for (Row row : rows) {
            String[] cells = cells(row);
            for (int i = 0; i < cells.length; i++) {
                widths[i] = Math.max(widths[i], cells[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        line(out, headers, widths);
        String[] rule = new String[headers.length];
        for (int i = 0; i < rule.length; i++) {
            rule[i] = "-".repeat(widths[i]);
        }
        line(out, rule, widths);
        for (Row row : rows) {
            line(out, cells(row), widths);
        }
        return out.toString();
    }

    List<Map<String, Object>> toJson() {
        List<Map<String, Object>> json = new ArrayList<>();
        for (Row row : rows) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("metric", row.metric());
            entry.put("value", row.value());
            entry.put("target", row.target().isEmpty() ? null : row.target());
            entry.put("result", row.verdict() == Verdict.INFO ? "info" : row.verdict().label.toLowerCase(Locale.ROOT));
            json.add(entry);
        }
        return json;
    }

    private static String[] cells(Row row) {
        return new String[] {row.metric(), row.value(), row.target(), row.verdict().label};
    }

    private static void line(StringBuilder out, String[] cells, int[] widths) {
        for (int i = 0; i < cells.length; i++) {
            // values are right-aligned, everything else left-aligned
            out.append(i == 0 ? "" : "  ").append(pad(cells[i], widths[i], i == 1));
        }
        int end = out.length();
        while (end > 0 && out.charAt(end - 1) == ' ') {
            end--;
        }
        out.setLength(end);
        out.append(System.lineSeparator());
    }

    private static String pad(String text, int width, boolean right) {
        String fill = " ".repeat(Math.max(0, width - text.length()));
        return right ? fill + text : text + fill;
    }
}
