package dev.ccy.cli;

import dev.ccy.Proc;
import dev.ccy.podman.Podman;
import dev.ccy.quadlet.PodmanVersion;
import dev.ccy.session.Sessions;
import dev.ccy.systemd.UnitState;
import dev.ccy.systemd.UserManager;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code ccy __archive-training}: what bin/ccy runs, in the background and once per jar and
 * Java, to record the class-data archive (or Java 25's AOT cache) that later runs start from. It
 * walks the fast paths (help, list, the systemd and podman calls of attach, rendering) so their
 * classes land in the archive, and changes nothing: every call is a read, and a failing one (no
 * user bus, no podman) only means fewer classes archived. Hidden; its output is discarded.
 */
@Command(name = "__archive-training", hidden = true, mixinStandardHelpOptions = true,
        description = {"Record the classes of ccy's fast paths for the launcher's class-data archive.",
                "bin/ccy runs it in the background, once per jar and Java; it only reads."})
final class ArchiveTrainingCommand extends CcyCommand {


    @Override
    public Integer call() {
        // the whole tree, though a run builds only its own command: every command's classes are archived.
        // No lambda here names a picocli type: resolving one at the archive's dump would link picocli's
        // (Java 5) classes, and linked classes of that age are left out of the archive.
        try {
            CommandLine root = Main.commandLine();
            for (CommandLine sub : root.getSubcommands().values()) {
                sub.getUsageMessage();
            }
            root.getUsageMessage();
        } catch (RuntimeException e) {
            // only fewer classes for the archive
        }
        quietly(() -> SessionTable.json(sessions().list(true)));
        quietly(() -> SessionTable.text(sessions().list(true)));
        quietly(() -> {
            // the calls attach and start make, on a unit that does not exist
            try (UserManager systemd = UserManager.connect(services.runtime())) {
                UnitState s = systemd.state("ccy-archive-training-0.service");
                s.isActive();
            }
        });
        quietly(() -> {
            Sessions sessions = sessions();
            Podman podman = sessions.podman();
            podman.attachCommand("ccy-archive-training-0", Podman.newMarker(), false, false);
            Proc.run(List.of("true"), Duration.ofSeconds(5));
            sessions.render(dev.ccy.session.SessionRequest.plain(Path.of(System.getProperty("java.io.tmpdir"))),
                    PodmanVersion.LATEST_KNOWN);
        });
        return ok();
    }

    private static void quietly(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            // only fewer classes for the archive
        }
    }
}
