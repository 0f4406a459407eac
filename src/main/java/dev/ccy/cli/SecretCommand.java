package dev.ccy.cli;


import dev.ccy.CcyException;
import dev.ccy.podman.SecretUsers;
import dev.ccy.podman.Secrets;
import java.io.ByteArrayOutputStream;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "secret", mixinStandardHelpOptions = true,
        description = {"Credentials for sessions (tokens, API keys), kept as Podman secrets labelled as ccy's.",
                "A session gets a secret as an environment variable at each start (Quadlet Secret=): set one",
                "again and every session that uses it has the new value at its next start. Values are never",
                "shown, and never passed in a command line."},
        subcommands = {SecretCommand.Set.class, SecretCommand.ListSecrets.class, SecretCommand.Remove.class,
                CommandLine.HelpCommand.class})
final class SecretCommand extends CcyCommand {


    @Override
    public Integer call() {
        spec.commandLine().usage(out());
        return ok();
    }

    /** The value: typed at a hidden prompt on a terminal, else all of stdin less one final newline. */
    static byte[] readValue(String prompt) {
        Console console = System.console();
        if (console != null) {
            char[] chars = console.readPassword("%s", prompt);
            if (chars == null) {
                throw CcyException.usage("no value given");
            }
            ByteBuffer b = StandardCharsets.UTF_8.encode(CharBuffer.wrap(chars));
            Arrays.fill(chars, '\0');
            byte[] out = new byte[b.remaining()];
            b.get(out);
            Arrays.fill(b.array(), (byte) 0);
            return strip(out);
        }
        try {
            return strip(readAll(System.in));
        } catch (IOException e) {
            throw new CcyException("cannot read the value from stdin: " + e.getMessage());
        }
    }

    static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        in.transferTo(buf);
        return buf.toByteArray();
    }

    /** Drops surrounding whitespace (echo's newline, a paste's spaces): tokens and keys have none. */
    static byte[] strip(byte[] v) {
        int a = 0;
        int b = v.length;
        while (a < b && Character.isWhitespace(v[a])) {
            a++;
        }
        while (b > a && Character.isWhitespace(v[b - 1])) {
            b--;
        }
        byte[] out = Arrays.copyOfRange(v, a, b);
        Arrays.fill(v, (byte) 0);
        return out;
    }

    @Command(name = "set", mixinStandardHelpOptions = true,
            description = {"Create or replace a secret.",
                    "The value is read from stdin (a hidden prompt on a terminal), or from an environment variable:"
                            + " printf %s \"$TOKEN\" | ccy secret set NAME"})
    static final class Set extends CcyCommand {
        @Parameters(paramLabel = "NAME", description = "The secret's name (letters, digits, '_', '.', '-')")
        String name;

        @Option(names = "--from-env", paramLabel = "VAR", description = "Take the value from this environment variable of ccy's")
        String fromEnv;

        @Override
        public Integer call() {
            Secrets.checkName(name);
            byte[] value;
            if (fromEnv != null) {
                String v = System.getenv(Secrets.checkVariable(fromEnv));
                if (v == null || v.isBlank()) {
                    throw CcyException.usage("the environment variable " + fromEnv + " is not set or empty");
                }
                value = strip(v.getBytes(StandardCharsets.UTF_8));
            } else {
                value = readValue("Value for secret " + name + " (not shown): ");
            }
            services.secrets().set(name, value);
            err().println("ccy: secret " + name + " set; sessions that use it get it at their next start");
            return ok();
        }
    }

    @Command(name = "list", aliases = "ls", mixinStandardHelpOptions = true,
            description = "List ccy's secrets: name, when created and last set, and the sessions that use it, never the values.")
    static final class ListSecrets extends CcyCommand {
        @Override
        public Integer call() {
            var list = services.secrets().list(services.paths().quadletDir());
            if (list.isEmpty()) {
                err().println("ccy: no secrets; add one with: ccy secret set NAME");
                return ok();
            }
            int w = Math.max(4, list.stream().mapToInt(i -> i.name().length()).max().orElse(4));
            out().printf("%-" + w + "s  %-16s  %-16s  %s%n", "NAME", "CREATED", "SET", "USED BY");
            for (Secrets.Info i : list) {
                out().printf("%-" + w + "s  %-16s  %-16s  %s%n", i.name(), i.created(), i.updated(),
                        i.usedBy().isEmpty() ? "-" : String.join(",", i.usedBy()));
            }
            return ok();
        }
    }

    @Command(name = "rm", aliases = "remove", mixinStandardHelpOptions = true,
            description = "Remove ccy's secret NAME (Podman secrets that are not ccy's are left alone).")
    static final class Remove extends CcyCommand {
        @Parameters(paramLabel = "NAME", arity = "1..*")
        java.util.List<String> names;

        @Override
        public Integer call() {
            names.forEach(Secrets::checkName);
            Secrets s = services.secrets();
            var users = SecretUsers.of(services.paths().quadletDir());
            for (String n : names) {
                s.remove(n);
                var u = users.getOrDefault(n, java.util.List.of());
                err().println("ccy: secret " + n + " removed"
                        + (u.isEmpty() ? "" : "; these sessions name it and will not start until it is set again: " + String.join(", ", u)));
            }
            return ok();
        }
    }
}
