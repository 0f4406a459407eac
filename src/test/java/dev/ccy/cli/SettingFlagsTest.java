package dev.ccy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ccy.CcyException;
import dev.ccy.settings.Key;
import dev.ccy.settings.Overrides;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Assertions;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** The setting flags of new and render come from the Key rows: every row with a flag, nothing else. */
class SettingFlagsTest {
    @Test
    void everyRowWithAFlagIsAnOptionOfNewAndRenderThatSaysItsSetting() {
        for (String command : List.of("new", "render")) {
            CommandLine cli = Main.commandLineFor(command).getSubcommands().get(command);
            for (Key key : Key.values()) {
                if (key.flag().isEmpty()) {
                    continue;
                }
                for (String name : key.flag().get().names()) {
                    OptionSpec o = cli.getCommandSpec().findOption(name);
                    Assertions.assertNotNull(o, command + " " + name);
                    assertTrue(String.join(" ", o.description()).endsWith("(setting: " + key.toml()
                            + (key.merges() ? "; repeatable)" : ")")), name + ": " + List.of(o.description()));
                    assertEquals(key.flag().get().label(), o.paramLabel());
                }
            }
            assertTrue(cli.getUsageMessage().contains("--hostname=NAME"), command);
        }
    }

    @Test
    void flagsBecomeOverridesInRowOrderNamedByTheirLongName() {
        Overrides o = parse("--hostname", "box-1", "-p", "8080", "--publish", "9090", "--memory", "2g",
                "-v", "/a:/b", "--image", "", "--", "bash", "-l");
        assertEquals(List.of(
                new Overrides.Assignment(Key.COMMAND, List.of("bash", "-l"), "AGENT_COMMAND"),
                new Overrides.Assignment(Key.MOUNTS, "/a:/b", "--mount"),
                new Overrides.Assignment(Key.HOSTNAME, "box-1", "--hostname"),
                new Overrides.Assignment(Key.PORTS, "8080", "--publish"),
                new Overrides.Assignment(Key.PORTS, "9090", "--publish"),
                new Overrides.Assignment(Key.MEMORY, "2g", "--memory")), o.assignments(), "a blank --image is no image");
        assertEquals(List.of("hostname=box-1", "ports=8080", "ports=9090", "limits.memory=2g", "mounts=/a:/b").stream().sorted().toList(),
                o.persistable().stream().sorted().toList(), "an upgrade keeps the new flag like the others");
    }

    @Test
    void theAgentCommandComesOneWayOnly() {
        assertEquals(List.of(new Overrides.Assignment(Key.COMMAND, "codex --yolo", "--agent-cmd")),
                parse("--agent-cmd", "codex --yolo").assignments());
        CcyException e = Assertions.assertThrows(CcyException.class, () -> parse("--agent-cmd", "a", "--", "b"));
        assertEquals(2, e.exitCode());
    }

    @Test
    void aBadHostnameIsAOneLineUsageError() {
        CliTest.Run r = CliTest.ccy("render", "--hostname", "-bad.example");
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("--hostname") && r.err().contains("host name") && r.err().strip().lines().count() == 1, r.err());
    }

    private static Overrides parse(String... args) {
        CommandLine top = Main.commandLineFor("new");
        String[] all = new String[args.length + 1];
        all[0] = "new";
        System.arraycopy(args, 0, all, 1, args.length);
        top.parseArgs(all);
        NewCommand cmd = top.getSubcommands().get("new").getCommand();
        return cmd.options.overrides();
    }
}
