package dev.ccy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The files users and admins may override: the unit template, the session entrypoint, agent
 * profiles. One rule for all of them, the first override directory that has the file (yours, then
 * the system's), else the copy in ccy's jar, so a file is never looked up two ways.
 */
public record TemplateFiles(List<Path> overrideDirs) {
    /** A file's text and where it came from: a path, or "ccy's built-in NAME". */
    public record Found(String text, String source, Path file) {
        /** True for ccy's own copy, not an override. */
        public boolean builtIn() {
            return file == null;
        }
    }

    public TemplateFiles {
        overrideDirs = List.copyOf(overrideDirs);
    }

    /** The first override of {@code relative} ("agents/codex.toml"), if any. */
    public Optional<Path> override(String relative) {
        for (Path dir : overrideDirs) {
            Path f = dir.resolve(relative);
            if (Files.isRegularFile(f)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /** Every override of these files that exists, in lookup order (what doctor reports). */
    public List<Path> overrides(List<String> relatives) {
        List<Path> out = new ArrayList<>();
        for (Path dir : overrideDirs) {
            for (String r : relatives) {
                if (Files.exists(dir.resolve(r))) {
                    out.add(dir.resolve(r));
                }
            }
        }
        return out;
    }

    /**
     * The file as it will be used, or empty when neither an override nor ccy has it. A file over
     * {@code maxBytes} is refused: these are a few lines, and reading a huge one could exhaust memory.
     */
    public Optional<Found> find(String relative, long maxBytes) {
        Optional<Path> f = override(relative);
        if (f.isPresent()) {
            Path file = f.get();
            try {
                if (Files.size(file) > maxBytes) {
                    throw CcyException.usage(file + " is larger than " + maxBytes / 1024 + " KiB: not a ccy template");
                }
                return Optional.of(new Found(Files.readString(file, StandardCharsets.UTF_8), file.toString(), file));
            } catch (IOException | UncheckedIOException e) {
                throw new CcyException("cannot read " + file + ": " + e.getMessage());
            }
        }
        String builtIn = "/templates/" + relative;
        try (InputStream in = TemplateFiles.class.getResourceAsStream(builtIn)) {
            if (in == null) {
                return Optional.empty();
            }
        } catch (IOException e) {
            throw new CcyException("cannot read " + builtIn + " from ccy's jar: " + e.getMessage());
        }
        return Optional.of(new Found(Resources.builtIn(builtIn), "ccy's built-in " + relative, null));
    }

    /** The text of a file ccy ships (so there always is one). */
    public String text(String relative) {
        return find(relative, Long.MAX_VALUE).orElseThrow(() -> new CcyException("/templates/" + relative + " is missing from ccy's jar"))
                .text();
    }
}
