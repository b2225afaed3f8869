package org.sparkmlp.data;

import java.io.Serializable;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** Skipped rows counted by problem, with the first one seen of each kind, for the report after reading. */
public final class InvalidRowCounts implements Serializable {
    private final EnumMap<RowProblem, Long> counts = new EnumMap<>(RowProblem.class);
    private final EnumMap<RowProblem, String> examples = new EnumMap<>(RowProblem.class);

    public void add(InvalidRowException e) {
        counts.merge(e.problem(), 1L, Long::sum);
        examples.putIfAbsent(e.problem(), e.getMessage());
    }

    public void merge(InvalidRowCounts other) {
        other.counts.forEach((k, v) -> counts.merge(k, v, Long::sum));
        other.examples.forEach(examples::putIfAbsent);
    }

    public long total() {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    public boolean isEmpty() {
        return counts.isEmpty();
    }

    /**
     * For the model's metadata: per problem, keyed by its name in lower case ({@code not_a_number}), the
     * count and the first row seen, described with its place and column.
     */
    public Map<String, Map<String, Object>> toMap() {
        Map<String, Map<String, Object>> m = new LinkedHashMap<>();
        counts.forEach((k, v) -> m.put(k.name().toLowerCase(java.util.Locale.ROOT),
            new LinkedHashMap<>(Map.of("count", v, "first", examples.get(k)))));
        return m;
    }

    public InvalidRowCounts copy() {
        InvalidRowCounts c = new InvalidRowCounts();
        c.merge(this);
        return c;
    }

    /** E.g. {@code 3 invalid rows skipped: 2 with a value that is not a number (first: ...); 1 with ...}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder().append(total()).append(total() == 1 ? " invalid row" : " invalid rows")
            .append(" skipped");
        String sep = ": ";
        for (Map.Entry<RowProblem, Long> e : counts.entrySet()) {
            sb.append(sep).append(e.getValue()).append(" with ").append(e.getKey().description())
                .append(" (first: ").append(examples.get(e.getKey())).append(')');
            sep = "; ";
        }
        return sb.toString();
    }
}
