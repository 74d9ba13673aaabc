package io.sluice.node.metrics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A reader of the Prometheus text format 0.0.4, as strict as the tests need: samples and TYPE lines. */
final class PrometheusText {
    record Sample(String name, Map<String, String> labels, double value) {
    }

    private final List<Sample> samples = new ArrayList<>();
    private final Map<String, String> types = new HashMap<>();
    private final String text;

    private PrometheusText(String text) {
        this.text = text;
    }

    static PrometheusText parse(String text) {
        PrometheusText parsed = new PrometheusText(text);
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            if (line.startsWith("# TYPE ")) {
                String[] parts = line.substring("# TYPE ".length()).split(" ");
                parsed.types.put(parts[0], parts[1]);
            } else if (!line.startsWith("#")) {
                parsed.samples.add(sample(line));
            }
        }
        return parsed;
    }

    private static Sample sample(String line) {
        int brace = line.indexOf('{');
        int space = line.indexOf(' ');
        if (brace < 0 || brace > space) {
            return new Sample(line.substring(0, space), Map.of(), value(line.substring(space + 1)));
        }
        Map<String, String> labels = new LinkedHashMap<>();
        int i = brace + 1;
        while (line.charAt(i) != '}') {
            int eq = line.indexOf('=', i);
            String name = line.substring(i, eq);
            if (line.charAt(eq + 1) != '"') {
                throw new IllegalArgumentException("unquoted label value in: " + line);
            }
            StringBuilder value = new StringBuilder();
            int j = eq + 2;
            for (; line.charAt(j) != '"'; j++) {
                char c = line.charAt(j);
                if (c == '\\') {
                    char next = line.charAt(++j);
                    value.append(next == 'n' ? '\n' : next);
                } else {
                    value.append(c);
                }
            }
            labels.put(name, value.toString());
            i = j + 1;
            if (line.charAt(i) == ',') {
                i++;
            }
        }
        if (line.charAt(i + 1) != ' ') {
            throw new IllegalArgumentException("no space before the value in: " + line);
        }
        return new Sample(line.substring(0, brace), labels, value(line.substring(i + 2)));
    }

    private static double value(String text) {
        String v = text.split(" ")[0];
        return switch (v) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(v);
        };
    }

    List<Sample> samples() {
        return samples;
    }

    String text() {
        return text;
    }

    /** The TYPE of a metric family, or null if the text has none. */
    String type(String family) {
        return types.get(family);
    }

    /** The one sample of that name with exactly these labels. */
    Optional<Sample> find(String name, Map<String, String> labels) {
        List<Sample> found = samples.stream()
                .filter(s -> s.name().equals(name) && s.labels().equals(labels))
                .toList();
        if (found.size() > 1) {
            throw new AssertionError("more than one sample " + name + labels + " in:\n" + text);
        }
        return found.stream().findFirst();
    }

    double value(String name, Map<String, String> labels) {
        return find(name, labels).orElseThrow(() -> new AssertionError("no sample " + name + labels + " in:\n" + text))
                .value();
    }

    boolean hasFamily(String name) {
        return types.containsKey(name);
    }
}
