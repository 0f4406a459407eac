package dev.ccy.podman;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Which sessions use which secrets, read from their unit files: podman itself does not know. */
public final class SecretUsers {
    /** A Quadlet Secret= line, as sessions' unit files carry them. */
    private static final Pattern SECRET_LINE = Pattern.compile("(?m)^Secret=([^,\\s]+)(?:,.*)?$");

    private SecretUsers() {
    }

    /** Secret name -> the sessions (unit file names without .container) whose units name it in a Secret= line. */
    public static Map<String, List<String>> of(Path quadletDir) {
        Map<String, TreeSet<String>> by = new TreeMap<>();
        if (quadletDir != null && Files.isDirectory(quadletDir)) {
            try (var files = Files.newDirectoryStream(quadletDir, "ccy-*.container")) {
                for (Path f : files) {
                    String unit = f.getFileName().toString().replaceFirst("\\.container$", "");
                    Matcher m = SECRET_LINE.matcher(Files.readString(f, StandardCharsets.UTF_8));
                    while (m.find()) {
                        by.computeIfAbsent(m.group(1), k -> new TreeSet<>()).add(unit);
                    }
                }
            } catch (IOException e) {
                // an unreadable unit directory: the list just shows no users
            }
        }
        Map<String, List<String>> out = new TreeMap<>();
        by.forEach((k, v) -> out.put(k, List.copyOf(v)));
        return out;
    }
}
