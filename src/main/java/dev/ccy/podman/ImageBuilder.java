package dev.ccy.podman;

import dev.ccy.CcyException;
import dev.ccy.Proc;
import dev.ccy.Resources;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Builds ccy's session image with podman. The image is labelled with ccy's version and a hash of
 * what went into it (Containerfile, entrypoint, base, build arguments), and is rebuilt only when
 * that hash changes.
 */
public final class ImageBuilder {
    public static final String DEFAULT_BASE = "docker.io/library/node:24-slim";
    public static final String HASH_LABEL = "ccy.image.hash";
    public static final String VERSION_LABEL = "ccy.version";

    private final String podman;

    public ImageBuilder(String podman) {
        this.podman = podman;
    }

    /** What to build. */
    public record Request(String base, String tag, boolean installAgent, boolean force, String entrypoint, String version) {
    }

    /** Builds unless an image with the same hash exists; returns true if it built. */
    public boolean build(Request req, java.io.PrintStream err) {
        String containerfile = containerfile();
        String hash = hash(containerfile, req);
        if (!req.force() && hash.equals(labelOf(req.tag()))) {
            err.println("ccy: " + req.tag() + " is up to date (" + HASH_LABEL + "=" + hash.substring(0, 12) + ")");
            return false;
        }
        Path context = null;
        try {
            context = Files.createTempDirectory("ccy-image");
            Files.writeString(context.resolve("Containerfile"), containerfile, StandardCharsets.UTF_8);
            Files.writeString(context.resolve("session-entrypoint.sh"), req.entrypoint(), StandardCharsets.UTF_8);
            List<String> cmd = new ArrayList<>(List.of(podman, "build",
                    "--file", context.resolve("Containerfile").toString(),
                    "--build-arg", "BASE=" + req.base(),
                    "--build-arg", "INSTALL_AGENT=" + req.installAgent(),
                    "--label", VERSION_LABEL + "=" + req.version(),
                    "--label", HASH_LABEL + "=" + hash,
                    "--tag", req.tag()));
            if (req.force()) {
                // a real rebuild: the newest base and the newest agent from npm, no cached layers
                cmd.add("--no-cache");
                if (!req.base().startsWith("localhost/")) {
                    cmd.add("--pull=newer");
                }
            }
            cmd.add(context.toString());
            err.println("ccy: building " + req.tag() + " from " + req.base());
            // the build's progress goes to the user's terminal, on stderr: stdout is the tag alone
            int exit = Proc.toStderr(cmd);
            if (exit != 0) {
                throw new CcyException("podman build of " + req.tag() + " failed (exit " + exit + "); its output is above");
            }
            return true;
        } catch (IOException e) {
            throw new CcyException("cannot prepare the image build: " + e.getMessage());
        } finally {
            Resources.deleteTree(context);
        }
    }

    /** The hash label of an image, or "" if there is no such image. */
    public String labelOf(String image) {
        Proc.Result r = Proc.run(List.of(podman, "image", "inspect", "--format",
                "{{index .Labels \"" + HASH_LABEL + "\"}}", image), Duration.ofSeconds(30));
        return r.ok() ? r.out().strip() : "";
    }

    static String hash(String containerfile, Request req) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            for (String part : new String[] {containerfile, req.entrypoint(), req.base(), String.valueOf(req.installAgent())}) {
                d.update(part.getBytes(StandardCharsets.UTF_8));
                d.update((byte) 0);
            }
            return HexFormat.of().formatHex(d.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String containerfile() {
        return Resources.builtIn("/container/Containerfile");
    }
}
