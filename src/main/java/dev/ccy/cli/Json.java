package dev.ccy.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/** JSON output for scripts (list, status, doctor), written with Jackson's streaming generator. */
final class Json {
    private static final JsonFactory FACTORY = new JsonFactory();

    /** Something that writes one JSON value. */
    interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private Json() {
    }

    /** The value {@code body} writes, indented by two spaces, with a final newline. */
    static String write(Body body) {
        return write(false, body);
    }

    /**
     * Like {@link #write(Body)}; with {@code rows}, every object stays on one line, so that an array
     * of them (ccy list --json) reads one session a line, as grep and people like it.
     */
    static String write(boolean rows, Body body) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            // "key": value, as jq and python -m json.tool print it
            Separators separators = Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                    .withObjectEntrySpacing(rows ? Separators.Spacing.AFTER : Separators.Spacing.NONE);
            DefaultPrettyPrinter pretty = new DefaultPrettyPrinter()
                    .withSeparators(separators)
                    .withObjectIndenter(rows ? new DefaultPrettyPrinter.NopIndenter() : new DefaultIndenter("  ", "\n"))
                    .withArrayIndenter(new DefaultIndenter("  ", "\n"));
            g.setPrettyPrinter(pretty);
            body.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out + "\n";
    }

    /** A string field, null when absent or empty. */
    static void text(JsonGenerator g, String name, String value) throws IOException {
        if (value == null || value.isEmpty()) {
            g.writeNullField(name);
        } else {
            g.writeStringField(name, value);
        }
    }

    /** A time as ISO 8601 in UTC to the second, or null. */
    static void time(JsonGenerator g, String name, Optional<Instant> t) throws IOException {
        text(g, name, t.map(i -> i.truncatedTo(ChronoUnit.SECONDS).toString()).orElse(null));
    }
}
