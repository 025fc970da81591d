package dev.parley.eval;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A labelled evaluation set kept in the test resources ({@code eval/*.tsv}): tab-separated
 * lines whose first column is the split ({@code tune}: looked at while shaping a classifier;
 * {@code heldout}: only measured) and whose other columns the set's test reads. Lines starting
 * with {@code #} are comments.
 */
public record LabelledSet(List<Row> rows) {
    public static final String TUNE = "tune";
    public static final String HELDOUT = "heldout";

    /** @param columns the columns after the split */
    public record Row(String split, List<String> columns) {
        public String col(int i) {
            return columns.get(i);
        }
    }

    public static LabelledSet load(String name) {
        List<Row> out = new ArrayList<>();
        try (InputStream in = LabelledSet.class.getResourceAsStream("/eval/" + name)) {
            if (in == null) {
                throw new IllegalStateException("eval/" + name + " is missing from the test resources");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] cols = line.split("\t");
                if (!cols[0].equals(TUNE) && !cols[0].equals(HELDOUT)) {
                    throw new IllegalStateException("eval/" + name + ": bad split in: " + line);
                }
                out.add(new Row(cols[0], Arrays.asList(cols).subList(1, cols.length)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new LabelledSet(out);
    }

    public List<Row> split(String split) {
        return rows.stream().filter(r -> r.split().equals(split)).toList();
    }
}
