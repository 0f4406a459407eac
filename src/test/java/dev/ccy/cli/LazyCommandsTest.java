package dev.ccy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * ccy builds only the subcommand it runs (start-up time); what users see must not change: the
 * table agrees with the commands' own annotations, and every help text is what the whole tree
 * prints.
 */
class LazyCommandsTest {
    /** The whole tree, as picocli built it when the subcommands were in Main's annotation. */
    static CommandLine whole() {
        CommandLine cli = new CommandLine(new Main());
        new LinkedHashSet<>(Main.COMMANDS.values()).forEach(cli::addSubcommand);
        return cli;
    }

    @Test
    void theTableNamesEveryCommandByItsAnnotatedNameAndAliases() {
        Map<String, Class<?>> annotated = new LinkedHashMap<>();
        for (Class<?> c : new LinkedHashSet<>(Main.COMMANDS.values())) {
            CommandLine.Command a = c.getAnnotation(CommandLine.Command.class);
            annotated.put(a.name(), c);
            for (String alias : a.aliases()) {
                annotated.put(alias, c);
            }
        }
        assertEquals(annotated, Main.COMMANDS);
    }

    @Test
    void helpListsTheCommandsInTheSameOrder() {
        List<String> names = new ArrayList<>(whole().getSubcommands().keySet());
        assertEquals(List.of("new", "attach", "list", "ls", "start", "stop", "rm", "prune", "shell", "logs", "send",
                "capture", "persist", "render", "image", "help", "__archive-training"), names);
        CliTest.Run help = CliTest.ccy("--help");
        assertEquals(0, help.exit());
        assertEquals(whole().getUsageMessage(), help.out());
    }

    @Test
    void eachCommandsHelpIsTheSameAsInTheWholeTree() {
        CommandLine whole = whole();
        for (String name : Main.COMMANDS.keySet()) {
            if (name.equals("help") || name.equals("__archive-training")) {
                continue;
            }
            CliTest.Run r = CliTest.ccy(name, "--help");
            assertEquals(0, r.exit(), name);
            assertEquals(whole.getSubcommands().get(name).getUsageMessage(), r.out(), name);
        }
        assertEquals(whole.getSubcommands().get("attach").getUsageMessage(), CliTest.ccy("help", "attach").out());
    }

    @Test
    void onlyTheNamedCommandIsBuilt() {
        CommandLine cli = new CommandLine(new Main());
        Main.addSubcommands(cli, "ls", "--json");
        assertEquals(List.of("list", "ls"), new ArrayList<>(cli.getSubcommands().keySet()));
        CommandLine bare = new CommandLine(new Main());
        Main.addSubcommands(bare);
        assertEquals(0, bare.getSubcommands().size());
    }
}
