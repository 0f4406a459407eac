package dev.ccy.session.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The small files git links a checkout to its git directory with ({@code .git}, {@code commondir},
 * {@code gitdir}) and a config's {@code core.worktree}, read the way git reads them and as hostile
 * input: anyone with the worktree (the agent) can write them.
 */
final class GitFiles {
    static final int MAX_LINK_BYTES = 4096;
    static final int MAX_CONFIG_BYTES = 256 * 1024;
    private static final Pattern SECTION = Pattern.compile("\\s*\\[\\s*([A-Za-z0-9.-]+)\\s*(\"(?:[^\"\\\\]|\\\\.)*\")?\\s*\\].*");
    private static final Pattern WORKTREE = Pattern.compile("\\s*(?i:worktree)\\s*=\\s*(.*?)\\s*");

    private GitFiles() {
    }

    /** A path as git reads one from such a file: up to the trailing line ends; nothing unprintable. */
    static String path(String text) {
        String p = text.replaceAll("[\r\n]+$", "");
        if (p.isEmpty()) {
            throw new Refused("names an empty path");
        }
        if (p.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new Refused("names a path with a control character or several lines");
        }
        return p;
    }

    /** core.worktree of a config file's text, unquoted; null when it has none. */
    static String coreWorktree(String config) {
        String value = null;
        boolean core = false;
        for (String line : config.split("\n", -1)) {
            Matcher s = SECTION.matcher(line);
            if (s.matches()) {
                core = s.group(1).toLowerCase(Locale.ROOT).equals("core") && s.group(2) == null;
                continue;
            }
            Matcher w = WORKTREE.matcher(line);
            if (core && w.matches()) {
                String v = w.group(1);
                value = v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
            }
        }
        return value == null || value.isEmpty() ? null : path(value);
    }

    /** The config's text without its [core] worktree lines: git inside then takes the .git file's directory. */
    static String withoutCoreWorktree(String config) {
        StringBuilder out = new StringBuilder();
        boolean core = false;
        for (String line : config.split("\n", -1)) {
            Matcher s = SECTION.matcher(line);
            if (s.matches()) {
                core = s.group(1).toLowerCase(Locale.ROOT).equals("core") && s.group(2) == null;
            } else if (core && WORKTREE.matcher(line).matches()) {
                continue;
            }
            out.append(line).append('\n');
        }
        return out.substring(0, out.length() - 1);
    }

    /** A small file's text: a plain file (no link, no fifo), at most {@code max} bytes, UTF-8. */
    static String read(Path file, int max) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!a.isRegularFile()) {
                throw new Refused("has " + file.getFileName() + " that is not a plain file");
            }
            if (a.size() > max) {
                throw new Refused("has " + file.getFileName() + " larger than " + max + " bytes");
            }
            byte[] bytes;
            try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
                bytes = in.readNBytes(max + 1);
            }
            if (bytes.length > max) {
                throw new Refused("has " + file.getFileName() + " larger than " + max + " bytes");
            }
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new Refused("has " + file.getFileName() + " that is not UTF-8 text");
        } catch (IOException e) {
            throw new Refused("has " + file.getFileName() + " that cannot be read (" + e.getMessage() + ")");
        }
    }

    /** Why a .git file gets no mount; never leaves this class. */
    static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message, null, false, false);
        }
    }
}
