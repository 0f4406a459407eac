package dev.ccy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The man pages come from the same model as --help, and man renders every one without a warning. */
class ManPagesTest {
    record Rendered(int exit, String out, String err) {
    }

    static Rendered man(Path page) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("man", "--warnings", "-E", "UTF-8", "-l", page.toString());
        pb.environment().put("MANWIDTH", "80");
        pb.environment().put("MANPAGER", "cat");
        pb.environment().put("LC_ALL", "C.UTF-8");
        Path err = Files.createTempFile("man", ".err");
        pb.redirectError(err.toFile());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        Rendered r = new Rendered(p.exitValue(), out, Files.readString(err));
        Files.delete(err);
        return r;
    }

    @Test
    void everyCommandHasAPageThatRendersWithoutWarnings(@TempDir Path dir) throws Exception {
        ManPages.main(new String[] {"--version=9.9", dir.toString()});
        Map<String, String> pages = ManPages.pages("9.9");
        for (java.util.List<String> cmd : HelpAndParsingTest.commands()) {
            if (cmd.contains("help")) {
                continue;
            }
            String name = cmd.isEmpty() ? "ccy.1" : "ccy-" + String.join("-", cmd) + ".1";
            assertTrue(pages.containsKey(name), name + " in " + pages.keySet());
            Path page = dir.resolve("man1").resolve(name);
            Rendered r = man(page);
            assertEquals(0, r.exit(), name + ": " + r.err());
            assertEquals("", r.err(), name + " renders without warnings");
            assertTrue(r.out().contains("NAME") && r.out().contains("EXIT STATUS")
                    && r.out().contains(name.equals("ccy-doctor.1") ? "Failures, or bad usage." : "No such session."),
                    name + ": " + r.out());
            assertTrue(r.out().contains("ccy 9.9"), name);
        }
        assertEquals(pages.size(), HelpAndParsingTest.commands().stream().filter(c -> !c.contains("help")).count());
    }

    /** What --help says, the page says: the same options and the same description words. */
    @Test
    void pagesSayWhatHelpSays(@TempDir Path dir) throws Exception {
        ManPages.main(new String[] {dir.toString()});
        String page = man(dir.resolve("man1/ccy-prune.1")).out().replaceAll("[\\s\u2010]+", " ");
        String help = CliTest.ccyWidth(200, "prune", "--help").out();
        for (String option : new String[] {"--older-than=DURATION", "--dry-run", "-h, --help"}) {
            assertTrue(help.contains(option) && page.contains(option), option + " in:\n" + page);
        }
        assertTrue(page.contains("ccy-prune - Remove stopped and failed sessions"), page);
        assertTrue(page.contains("a systemd time span such as 30min, 12h, 7days, 2weeks"), page);
        String top = man(dir.resolve("man1/ccy.1")).out();
        for (String command : new String[] {"new", "attach", "list, ls", "status", "doctor", "completion", "image"}) {
            assertTrue(top.contains(command), command + " in ccy(1)");
        }
        assertTrue(top.contains("ccy-new(1)"), top);
    }

    @Test
    void roffControlCharactersAreEscaped() {
        assertEquals("\\&.TH x", ManPages.escape(".TH x"));
        assertEquals("a\\eb \\-\\-all \\(aqq\\(aq", ManPages.escape("a\\b --all 'q'"));
    }
}
