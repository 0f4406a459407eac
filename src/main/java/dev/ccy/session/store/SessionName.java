package dev.ccy.session.store;

import dev.ccy.CcyException;
import dev.ccy.Names;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;

/**
 * A session's name, {@code ccy-<project>-<n>}: the Quadlet file is {@code <name>.container}, the
 * unit {@code <name>.service}, the container {@code <name>}. Only {@code [a-z0-9-]} is used, a
 * subset of what systemd allows in unit names, so no escaping is ever needed.
 */
public record SessionName(String project, int slot) {
    public static final String PREFIX = "ccy-";
    private static final int MAX_SLUG = 40;

    public SessionName {
        if (!Names.isProject(project) || slot < 1) {
            throw new IllegalArgumentException("bad session name parts: " + project + " " + slot);
        }
    }

    /** The name, e.g. {@code ccy-myapp-1}. */
    public String name() {
        return PREFIX + project + "-" + slot;
    }

    /** The name without ccy's prefix, {@code webshop-1}: what people type. */
    public String shortName() {
        return project + "-" + slot;
    }

    public String unit() {
        return name() + ".service";
    }

    public String fileName() {
        return name() + ".container";
    }

    @Override
    public String toString() {
        return name();
    }

    /** Accepts {@code ccy-x-1}, {@code ccy-x-1.service}, {@code ccy-x-1.container} or {@code x-1}. */
    public static SessionName parse(String text) {
        List<SessionName> names = candidates(text);
        if (names.isEmpty()) {
            throw CcyException.usage("'" + text + "' is not a session name (expected ccy-<project>-<n> or <project>-<n>)");
        }
        return names.get(0);
    }

    /**
     * Every session a user may mean by {@code text}: the full name, and the short name with
     * {@code ccy-} put in front; {@code ccy-tools-1} can be either for a project named {@code ccy-tools}.
     */
    public static List<SessionName> candidates(String text) {
        String s = text.strip();
        for (String suffix : new String[] {".service", ".container"}) {
            if (s.endsWith(suffix)) {
                s = s.substring(0, s.length() - suffix.length());
            }
        }
        List<SessionName> names = new ArrayList<>();
        for (String full : new String[] {s, PREFIX + s}) {
            Matcher m = Names.SESSION.matcher(full);
            if (m.matches()) {
                names.add(new SessionName(m.group(1), Integer.parseInt(m.group(2))));
            }
        }
        return names;
    }

    /** Whether a text is a full session name, {@code ccy-<project>-<n>}. */
    public static boolean isName(String text) {
        return Names.SESSION.matcher(text).matches();
    }

    public static boolean isSessionFile(String fileName) {
        return fileName.endsWith(".container")
                && Names.SESSION.matcher(fileName.substring(0, fileName.length() - ".container".length())).matches();
    }

    /**
     * The project slug of a directory name: lower case ASCII letters and digits, other runs
     * folded to one dash, accents stripped; "project" if nothing is left.
     */
    public static String slug(String dirName) {
        String ascii = Normalizer.normalize(dirName, Normalizer.Form.NFKD).replaceAll("\\p{M}+", "");
        String s = ascii.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (s.length() > MAX_SLUG) {
            s = s.substring(0, MAX_SLUG).replaceAll("-+$", "");
        }
        return s.isEmpty() ? "project" : s;
    }

    /** The slug made unique for one worktree path, for when the plain slug belongs to another. */
    public static String qualifiedSlug(String dirName, String worktreePath) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(worktreePath.getBytes(StandardCharsets.UTF_8));
            return slug(dirName) + "-" + HexFormat.of().formatHex(h, 0, 3);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
