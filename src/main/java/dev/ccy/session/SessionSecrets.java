package dev.ccy.session;

import dev.ccy.session.store.SessionName;
import dev.ccy.podman.Podman;
import dev.ccy.podman.Secrets;
import dev.ccy.settings.Settings;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * A session's environment (settings' env and forward_env) kept in Podman secrets of its own, one a
 * variable: it must survive reboots (the unit starts without the user's shell), yet no value may
 * be in the unit file, podman inspect, systemctl show or the journal. This class decides which
 * secrets a session has and what they are called; {@link Secrets} makes, finds and removes them.
 */
public final class SessionSecrets {
    /** How the names of sessions' environment secrets start. */
    static final String PREFIX = "ccy-env-";

    private final Secrets podmanSecrets;
    private final Map<String, String> env;
    private final PrintWriter err;

    SessionSecrets(Podman podman, Map<String, String> env, PrintWriter err) {
        this.podmanSecrets = new Secrets(podman);
        this.env = env;
        this.err = err;
    }

    SessionSecrets(SessionContext ctx) {
        this(ctx.podman, ctx.env, ctx.err);
    }

    /** The secret holding variable {@code var} of session {@code name}. */
    static String name(SessionName name, String var) {
        return PREFIX + name.name() + "-" + var;
    }

    /** The variables a session gets from its settings' env and forward_env. */
    static List<String> variables(Settings settings) {
        LinkedHashSet<String> names = new LinkedHashSet<>(settings.env().keySet());
        names.addAll(settings.forwardEnv());
        return List.copyOf(names);
    }

    /** Variable to secret name, as the session would have them; creates nothing (render, dry runs). */
    public static Map<String, String> planned(SessionName name, Settings settings) {
        Map<String, String> out = new LinkedHashMap<>();
        variables(settings).forEach(v -> out.put(v, name(name, v)));
        return out;
    }

    /**
     * Creates the session's secrets: the static values of the settings, and each forwarded
     * variable's value as the caller has it now; a forwarded one the session has already
     * ({@code existing}) is kept, since it was taken at ccy new. Returns variable to secret name.
     */
    Map<String, String> create(SessionName name, Settings settings, List<String> existing) {
        Map<String, String> secrets = new LinkedHashMap<>();
        Map<String, String> values = new LinkedHashMap<>(settings.env());
        for (String var : settings.forwardEnv()) {
            String secret = name(name, var);
            String value = env.get(var);
            if (existing.contains(secret)) {
                values.remove(var);
                secrets.put(var, secret);
            } else if (value == null) {
                err.println("ccy: warning: forward_env names " + var + ", which is not set here; the session gets no " + var);
                values.remove(var);
            } else {
                values.put(var, value);
            }
        }
        values.forEach((var, value) -> {
            String secret = name(name, var);
            podmanSecrets.createForSession(secret, value.getBytes(StandardCharsets.UTF_8), name.name());
            secrets.put(var, secret);
        });
        return secrets;
    }

    /** The secrets a session has now. */
    List<String> of(SessionName name) {
        return podmanSecrets.named(name(name, ""));
    }

    void remove(List<String> secrets) {
        podmanSecrets.removeAll(secrets);
    }

    /** Every session environment secret, to the session its label names. */
    Map<String, String> owners() {
        return podmanSecrets.sessionsOf(podmanSecrets.named(PREFIX));
    }
}
