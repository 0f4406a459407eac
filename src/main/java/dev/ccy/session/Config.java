package dev.ccy.session;

import dev.ccy.CcyException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * ccy's settings: {@code key=value} files, the user's ({@code ~/.config/ccy/config}) over the
 * system's ({@code /etc/ccy/config}), with an environment variable ({@code CCY_IMAGE}) over both.
 */
public final class Config {
    public static final String DEFAULT_IMAGE = "localhost/claude-yolo:latest";

    private final List<Properties> layers;
    private final Map<String, String> env;

    private Config(List<Properties> layers, Map<String, String> env) {
        this.layers = layers;
        this.env = env;
    }

    public static Config load(UserPaths paths, Map<String, String> env) {
        return new Config(paths.configFiles().stream().map(Config::read).toList(), env);
    }

    private static Properties read(Path file) {
        Properties p = new Properties();
        if (Files.isRegularFile(file)) {
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(r);
            } catch (IOException | IllegalArgumentException e) {
                throw new CcyException("cannot read " + file + ": " + e.getMessage());
            }
        }
        return p;
    }

    private Optional<String> get(String key, String envName) {
        String v = env.get(envName);
        if (v != null && !v.isBlank()) {
            return Optional.of(v.strip());
        }
        return layers.stream().map(p -> p.getProperty(key)).filter(s -> s != null && !s.isBlank())
                .map(String::strip).findFirst();
    }

    public String image() {
        return get("image", "CCY_IMAGE").orElse(DEFAULT_IMAGE);
    }
}
