package dev.ccy.settings;

import dev.ccy.CcyException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The project files the user trusts, by path and content hash: {@code ccy trust} records a file as
 * it is now, so any later change (by a pull, or by the agent, which can write the worktree) needs
 * trusting again. It lives in the user's config directory, outside every worktree and every
 * container. One line a file, like sha256sum's output: {@code <sha256>  <path>}.
 */
public final class TrustStore {
    private final Path file;

    public TrustStore(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /** The trusted files and their hashes. */
    public Map<Path, String> list() {
        Map<Path, String> out = new LinkedHashMap<>();
        if (!Files.isRegularFile(file)) {
            return out;
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                int sep = line.indexOf("  ");
                if (sep == 64 && line.substring(0, 64).matches("[0-9a-f]{64}")) {
                    out.put(Path.of(line.substring(66)), line.substring(0, 64));
                }
            }
        } catch (IOException | java.io.UncheckedIOException | java.nio.file.InvalidPathException e) {
            throw new CcyException("cannot read " + file + ": " + e.getMessage());
        }
        return out;
    }

    /** True if the file is trusted with exactly this content. */
    public boolean trusts(Path project, String content) {
        return sha256(content).equals(list().get(project));
    }

    /** Trusts the file as it is now; returns its hash. */
    public String trust(Path project, String content) {
        if (project.toString().contains("\n")) {
            throw CcyException.usage("cannot trust a file whose path has a newline");
        }
        Map<Path, String> all = list();
        String hash = sha256(content);
        all.put(project, hash);
        write(all);
        return hash;
    }

    /** Forgets a file; false if it was not trusted. */
    public boolean untrust(Path project) {
        Map<Path, String> all = list();
        if (all.remove(project) == null) {
            return false;
        }
        write(all);
        return true;
    }

    private void write(Map<Path, String> all) {
        List<String> lines = new ArrayList<>();
        lines.add("# ccy trust: project settings files whose widening settings apply (sha256, path)");
        all.forEach((p, h) -> lines.add(h + "  " + p));
        try {
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), ".trusted", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try {
                Files.write(tmp, (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
                try {
                    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new CcyException("cannot write " + file + ": " + e.getMessage());
        }
    }

    public static String sha256(String content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
