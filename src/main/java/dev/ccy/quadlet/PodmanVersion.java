package dev.ccy.quadlet;

import dev.ccy.CcyException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A Podman release, compared by major and minor (Quadlet's key set changes only there). */
public record PodmanVersion(int major, int minor, int patch) implements Comparable<PodmanVersion> {
    /** The first release with Quadlet. */
    public static final PodmanVersion QUADLET = new PodmanVersion(4, 4, 0);
    /** The newest release the key table knows. */
    public static final PodmanVersion LATEST_KNOWN = new PodmanVersion(5, 8, 0);

    private static final Pattern VERSION = Pattern.compile("(\\d+)\\.(\\d+)(?:\\.(\\d+))?");

    /** Parses "5.4.2", "5.4" or the output of {@code podman --version}. */
    /** A version the user gave (render --podman-version): X.Y or X.Y.Z and nothing else, else a usage error. */
    public static PodmanVersion given(String text) {
        if (!text.strip().matches("\\d+\\.\\d+(\\.\\d+)?")) {
            throw CcyException.usage("'" + text + "' is not a Podman version: give X.Y, e.g. 5.4");
        }
        return parse(text);
    }

    /** The first X.Y[.Z] in text, as podman --version prints it. */
    public static PodmanVersion parse(String text) {
        Matcher m = VERSION.matcher(text);
        if (!m.find()) {
            throw new CcyException("cannot read a Podman version from '" + text.strip() + "'");
        }
        int patch = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
        return new PodmanVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), patch);
    }

    public boolean atLeast(PodmanVersion other) {
        return compareTo(other) >= 0;
    }

    @Override
    public int compareTo(PodmanVersion o) {
        if (major != o.major) {
            return Integer.compare(major, o.major);
        }
        if (minor != o.minor) {
            return Integer.compare(minor, o.minor);
        }
        return Integer.compare(patch, o.patch);
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + patch;
    }
}
