package dev.ccy.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Help;

/**
 * ccy's commands by what they are about, in the order {@code ccy --help} lists them: one row per
 * group, so a new command is one entry here. {@link Main} builds the tree from the same rows.
 */
final class CommandGroups implements CommandLine.IHelpSectionRenderer {
    record Group(String heading, List<Class<?>> commands) {
    }

    static final List<Group> GROUPS = List.of(
            new Group("Sessions", List.of(NewCommand.class, AttachCommand.class, ListCommand.class, StatusCommand.class, WaitCommand.class,
                    StartCommand.class, StopCommand.class, RmCommand.class, PruneCommand.class, ShellCommand.class,
                    LogsCommand.class, DiffCommand.class, SendCommand.class, CaptureCommand.class, PersistCommand.class, UpgradeCommand.class)),
            new Group("Settings", List.of(RenderCommand.class, ConfigCommand.class, TrustCommand.class, UntrustCommand.class)),
            new Group("Images", List.of(ImageCommand.class)),
            new Group("Credentials", List.of(SecretCommand.class, AuthCommand.class)),
            new Group("This host", List.of(DoctorCommand.class, CompletionCommand.class, ArchiveTrainingCommand.class,
                    CommandLine.HelpCommand.class)));

    /** Every command, in help order. */
    static final List<Class<?>> COMMANDS = GROUPS.stream().flatMap(g -> g.commands().stream()).toList();

    /** Puts the grouped list where picocli's one "Commands:" list would be. */
    static void install(CommandLine cli) {
        cli.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_COMMAND_LIST_HEADING, new Empty());
        cli.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_COMMAND_LIST, new CommandGroups());
    }

    @Override
    public String render(Help help) {
        Map<String, Help> all = help.subcommands();
        Map<Group, Map<String, Help>> shown = new LinkedHashMap<>();
        int width = 0;
        for (Group g : GROUPS) {
            Map<String, Help> members = new LinkedHashMap<>();
            for (Class<?> c : g.commands()) {
                Help h = byName(all, c.getAnnotation(CommandLine.Command.class).name());
                if (h != null && !h.commandSpec().usageMessage().hidden()) {
                    String names = h.commandNamesText(", ").toString();
                    members.put(names, h);
                    width = Math.max(width, names.length());
                }
            }
            shown.put(g, members);
        }
        // one column width for all groups, so the summaries line up down the whole list
        int total = help.commandSpec().usageMessage().width();
        StringBuilder out = new StringBuilder();
        for (Map.Entry<Group, Map<String, Help>> e : shown.entrySet()) {
            if (e.getValue().isEmpty()) {
                continue;
            }
            Help.TextTable table = Help.TextTable.forColumns(help.colorScheme(),
                    new Help.Column(width + 4, 2, Help.Column.Overflow.SPAN),
                    new Help.Column(total - width - 4, 2, Help.Column.Overflow.WRAP));
            for (Map.Entry<String, Help> m : e.getValue().entrySet()) {
                table.addRowValues(help.colorScheme().text(m.getKey()), summary(help, m.getValue()));
            }
            out.append(String.format("%n%s:%n", e.getKey().heading())).append(table);
        }
        return out.toString();
    }

    /** The command called {@code name} (picocli's map is keyed by name and alias alike). */
    private static Help byName(Map<String, Help> all, String name) {
        return all.values().stream().filter(h -> h.commandSpec().name().equals(name)).findFirst().orElse(null);
    }

    /** The command's header, else the first line of its description, as picocli's own list shows. */
    private static Help.Ansi.Text summary(Help parent, Help h) {
        CommandLine.Model.UsageMessageSpec u = h.commandSpec().usageMessage();
        String[] lines = u.header().length > 0 ? u.header() : u.description();
        return parent.colorScheme().text(lines.length == 0 ? "" : lines[0]);
    }

    /** The headings are the groups'. A class, not a lambda: see {@link Main}. */
    private static final class Empty implements CommandLine.IHelpSectionRenderer {
        @Override
        public String render(Help help) {
            return "";
        }
    }
}
