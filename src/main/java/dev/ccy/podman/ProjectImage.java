package dev.ccy.podman;

import dev.ccy.CcyException;
import dev.ccy.Proc;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * A project's own image: {@code .claude/ccy/Containerfile} (or {@code Dockerfile}) in the
 * worktree, built on top of the session image as {@code localhost/ccy-<project>}, labelled with a
 * hash of the file and of its base image's id, and built again only when either changes. Its
 * context is {@code .claude/ccy/}. The base is given as the build argument BASE
 * ({@code ARG BASE} / {@code FROM ${BASE}}), or the file names it in its FROM.
 */
public final class ProjectImage {
    public static final String HASH_LABEL = "ccy.project.hash";
    static final List<String> FILES = List.of(".claude/ccy/Containerfile", ".claude/ccy/Dockerfile");
    /** Lines of a failed build shown again under the one-line error. */
    static final int TAIL = 15;

    private final String podman;
    private final java.util.Map<String, String> env;

    public ProjectImage(Podman podman) {
        this.podman = podman.command();
        this.env = podman.env();
    }

    /** The project's Containerfile in worktree (a plain file, not a link out of it), or null. */
    public static Path find(Path worktree) {
        for (String f : FILES) {
            Path p = worktree.resolve(f);
            if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                return p;
            }
        }
        return null;
    }

    /** localhost/ccy-PROJECT: the project's name as an image name takes it. */
    public static String tag(String project) {
        String n = project.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]", "-").replaceAll("^[^a-z0-9]+", "");
        return "localhost/ccy-" + (n.isEmpty() ? "project" : n) + ":latest";
    }

    static String hash(String containerfile, String baseId) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(containerfile.getBytes(StandardCharsets.UTF_8));
            d.update((byte) 0);
            d.update(baseId.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The image to run: tag, built from file on base unless an image with the same hash is there.
     * The build's progress goes to err; a failure is one line (with the build's last lines above it)
     * and leaves whatever image was there before.
     */
    public String ensure(Path file, String content, String base, String tag, Path caFile, PrintWriter err) {
        String baseId = inspect(base, "{{.Id}}");
        if (baseId.isEmpty()) {
            throw new CcyException("the project image's base " + base + " does not exist: build it first (ccy image build)");
        }
        String hash = hash(content, baseId);
        if (hash.equals(inspect(tag, "{{index .Labels \"" + HASH_LABEL + "\"}}"))) {
            return tag;
        }
        List<String> cmd = new ArrayList<>(List.of(podman, "build", "--file", file.toString(), "--build-arg", "BASE=" + base,
                "--label", HASH_LABEL + "=" + hash, "--tag", tag));
        cmd.addAll(ImageBuilder.caArgs(caFile));
        cmd.add(file.getParent().toString());
        err.println("ccy: building " + tag + " from " + file + " (on " + base + ")");
        err.flush();
        ArrayDeque<String> tail = new ArrayDeque<>();
        int exit;
        try {
            exit = Proc.lines(cmd, env, line -> {
                err.println(line);
                err.flush();
                if (!line.isBlank()) {
                    tail.addLast(line);
                    if (tail.size() > TAIL) {
                        tail.removeFirst();
                    }
                }
            });
        } catch (IOException e) {
            throw new CcyException("cannot run " + podman + " build: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CcyException("interrupted while building " + tag);
        }
        if (exit != 0) {
            String why = tail.isEmpty() ? "no output" : tail.getLast().strip();
            throw new CcyException("the project image " + tag + " did not build from " + file + " (podman build exit " + exit + "): "
                    + why + "; no session was created");
        }
        return tag;
    }

    private String inspect(String image, String format) {
        Proc.Result r = Proc.run(List.of(podman, "image", "inspect", "--format", format, image), Duration.ofSeconds(30), env);
        return r.ok() ? r.out().strip() : "";
    }
}
