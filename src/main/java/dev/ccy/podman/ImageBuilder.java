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

    /** The host's CA trust store, handed to builds by default (Debian, Ubuntu, Arch, Alpine; Fedora links it). */
    public static final Path HOST_CA_BUNDLE = Path.of("/etc/ssl/certs/ca-certificates.crt");
    /** Where a build's RUN steps see the host's CA bundle (read-only), named by NODE_EXTRA_CA_CERTS. */
    public static final String CA_TARGET = "/etc/ssl/certs/ccy-build-host-ca.crt";
    /** The agent CLIs the image gets from npm unless told otherwise. */
    public static final List<String> DEFAULT_AGENTS = List.of("@anthropic-ai/claude-code");

    /**
     * What to build. caFile: a CA bundle the build trusts besides the image's own (null: none);
     * agentPackages: the npm packages of the agent CLIs (installed when installAgent).
     */
    public record Request(String base, String tag, boolean installAgent, boolean force, String entrypoint, String version,
                          Path caFile, List<String> agentPackages) {
        public Request {
            agentPackages = List.copyOf(agentPackages);
            for (String p : agentPackages) {
                // npm package specs: a scope, a name, a version or tag; nothing a shell would read
                if (!p.matches("[A-Za-z0-9@][A-Za-z0-9@/._~^=<>:+-]*")) {
                    throw CcyException.usage("not an npm package name: " + p);
                }
            }
        }

        public Request(String base, String tag, boolean installAgent, boolean force, String entrypoint, String version) {
            this(base, tag, installAgent, force, entrypoint, version, null, DEFAULT_AGENTS);
        }
    }

    /**
     * The CA bundle a build trusts: {@code setting} names a file, "none" (or "off", "") turns it off;
     * null means the default, the host's trust store when it exists. A named file that is not there is
     * a usage error: the user asked for it.
     */
    public static Path caFile(String setting) {
        if (setting == null) {
            return Files.isRegularFile(HOST_CA_BUNDLE) ? HOST_CA_BUNDLE : null;
        }
        String s = setting.strip();
        if (s.isEmpty() || s.equals("none") || s.equals("off")) {
            return null;
        }
        Path p = Path.of(s).toAbsolutePath();
        if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
            throw CcyException.usage("the CA file for the build is not a readable file: " + s);
        }
        // a bind mount source: a comma or colon would be read as the volume's options
        if (p.toString().contains(",") || p.toString().contains(":")) {
            throw CcyException.usage("the CA file's path may not contain ',' or ':': " + s);
        }
        return p;
    }

    /** podman build's arguments that hand a CA bundle to the build's RUN steps (none for null). */
    static List<String> caArgs(Path caFile) {
        if (caFile == null) {
            return List.of();
        }
        // read-only; z: a shared SELinux label, as the same host file serves every build
        return List.of("--volume", caFile + ":" + CA_TARGET + ":ro,z", "--build-arg", "NODE_EXTRA_CA_CERTS=" + CA_TARGET);
    }

    /** Builds unless an image with the same hash exists; returns true if it built. */
    public boolean build(Request req, java.io.PrintWriter err) {
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
                    "--build-arg", "AGENT_PACKAGES=" + String.join(" ", req.agentPackages()),
                    "--label", VERSION_LABEL + "=" + req.version(),
                    "--label", HASH_LABEL + "=" + hash,
                    "--tag", req.tag()));
            cmd.addAll(caArgs(req.caFile()));
            if (req.force()) {
                // a real rebuild: the newest base and the newest agent from npm, no cached layers
                cmd.add("--no-cache");
                if (!req.base().startsWith("localhost/")) {
                    cmd.add("--pull=newer");
                }
            }
            cmd.add(context.toString());
            err.println("ccy: building " + req.tag() + " from " + req.base()
                    + (req.caFile() == null ? "" : " (trusting the CAs of " + req.caFile() + ")"));
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
            // not the CA file: a renewed trust store is no reason to rebuild
            for (String part : new String[] {containerfile, req.entrypoint(), req.base(), String.valueOf(req.installAgent()),
                    String.join(" ", req.agentPackages())}) {
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
