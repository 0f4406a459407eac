package dev.ccy.cli;

import dev.ccy.CcyException;
import dev.ccy.Proc;
import dev.ccy.podman.Podman;
import dev.ccy.podman.Secrets;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ccy auth}: log in once for every session. Runs {@code claude setup-token} in a throwaway
 * container of the session image on the user's terminal (its OAuth flow needs a browser on the
 * user's side, and prints a long-lived token at the end), then asks for that token at a hidden
 * prompt and stores it as a ccy secret. Pasting is the robust capture: reading the token out of
 * the container's terminal output would need a copy of everything it prints (its screen drawing
 * included) in ccy's memory or a log file, and breaks whenever Claude Code changes its output.
 */
@Command(name = "auth", mixinStandardHelpOptions = true,
        description = {"Log Claude Code in once for all sessions.",
                "Runs 'claude setup-token' in a throwaway container of the session image, then stores the token it prints"
                        + " (paste it at the hidden prompt) as the secret claude-oauth-token, which sessions get as"
                        + " CLAUDE_CODE_OAUTH_TOKEN. With --api-key: store an Anthropic API key (secret anthropic-api-key, which Claude Code gets"
                        + " through its apiKeyHelper setting, with no API-key dialog) instead."})
final class AuthCommand extends CcyCommand {
    static final String TOKEN_SECRET = "claude-oauth-token";
    static final String API_KEY_SECRET = "anthropic-api-key";


    @Option(names = "--image", paramLabel = "IMAGE", description = "Image to run claude setup-token in (default: the default session image)")
    String image;

    @Option(names = "--secret", paramLabel = "NAME", description = "Store it under this secret name instead")
    String secret;

    @Option(names = "--api-key", description = "Store an API key (read at a hidden prompt or from stdin) instead of running setup-token")
    boolean apiKey;

    @Option(names = "--no-login", description = "Do not run setup-token; just read the token (hidden prompt or stdin)")
    boolean noLogin;

    @Override
    public Integer call() {
        String name = Secrets.checkName(secret != null ? secret : apiKey ? API_KEY_SECRET : TOKEN_SECRET);
        if (!apiKey && !noLogin) {
            if (System.console() == null) {
                throw CcyException.usage("ccy auth needs a terminal for Claude Code's login; to store a token you have, "
                        + "use: ccy auth --no-login < FILE");
            }
            Podman podman = sessions().podman();
            String img = image != null ? image : sessions().defaultImage();
            if (!podman.imageExists(img)) {
                throw new CcyException("no image " + img + "; build it with: ccy image build");
            }
            err().println("ccy: running 'claude setup-token' in a throwaway container of " + img);
            int exit = Proc.interactive(setupTokenCommand(podman.command(), img), podman.env());
            if (exit != 0) {
                throw new CcyException("claude setup-token ended with exit " + exit + "; nothing stored");
            }
        }
        byte[] value = SecretCommand.readValue(apiKey ? "Anthropic API key (not shown): "
                : "Paste the token it printed (sk-ant-oat01-..., not shown): ");
        if (!apiKey && !startsWith(value, "sk-ant-")) {
            err().println("ccy: warning: that does not look like a Claude Code token (sk-ant-...); storing it anyway");
        }
        services.secrets().set(name, value);
        err().println("ccy: stored as secret " + name + "; sessions get it as "
                + (apiKey ? "CCY_ANTHROPIC_API_KEY (through Claude Code's apiKeyHelper)" : "CLAUDE_CODE_OAUTH_TOKEN")
                + " at their next start");
        return ok();
    }

    /** A throwaway container on the user's terminal: no state, nothing of the host mounted. */
    static List<String> setupTokenCommand(String podman, String image) {
        List<String> cmd = new ArrayList<>(List.of(podman, "run", "--rm", "-it", "--detach-keys=",
                "--entrypoint", "claude", "--env", "CLAUDE_CODE_DISABLE_MOUSE=1", image, "setup-token"));
        return cmd;
    }

    private static boolean startsWith(byte[] v, String prefix) {
        byte[] p = prefix.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        if (v.length < p.length) {
            return false;
        }
        for (int i = 0; i < p.length; i++) {
            if (v[i] != p[i]) {
                return false;
            }
        }
        return true;
    }
}
