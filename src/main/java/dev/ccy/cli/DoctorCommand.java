package dev.ccy.cli;

import dev.ccy.Exit;
import dev.ccy.session.doctor.Doctor;
import dev.ccy.session.doctor.Finding;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "doctor",
        description = {"Check that this host and user can run ccy sessions, and say how to fix what is not right.",
                "One line per check: [OK], [WARN] or [FAIL], with the command that fixes it. It checks Podman (4.4 or newer)"
                        + " and its Quadlet generator, cgroup v2, the user bus and user manager (also without the XDG"
                        + " variables of a login), linger, the user's ranges in /etc/subuid and /etc/subgid, the session"
                        + " image, the template overrides (they must render and pass the generator's dry run), every"
                        + " session unit (it loads and is current) and container.d/ drop-ins that would apply to every"
                        + " session.",
                "--fix does only what is safe: it enables linger and builds the default session image, and says so."})
final class DoctorCommand extends CcyCommand {
    /** A health check's scale, not ccy's usual one. */
    @Override
    List<Exit> exitCodes() {
        return List.of(Exit.DOCTOR_OK, Exit.DOCTOR_WARNINGS, Exit.DOCTOR_FAILURES);
    }


    @Mixin
    HelpOption help;

    @Option(names = "--json", description = "One JSON object: the overall status and an array of checks (fields: see README).")
    boolean json;

    @Option(names = "--fix", description = "Enable linger and build the default session image if they are missing.")
    boolean fix;

    @Override
    public Integer call() {
        String version = String.valueOf(Main.class.getPackage().getImplementationVersion());
        Doctor doctor = new Doctor(Doctor.Host.system(), services.paths(), services.runtime(), sessions(), version,
                err());
        List<Finding> findings = doctor.run(fix);
        PrintWriter out = out();
        out.print(json ? json(findings) : text(findings));
        return Doctor.exitCode(findings);
    }

    static String text(List<Finding> findings) {
        StringBuilder out = new StringBuilder();
        for (Finding f : findings) {
            String tag = "[" + f.level() + "]";
            out.append(String.format("%-7s", tag)).append(f.check()).append(": ");
            if (f.fixed() != null) {
                out.append("fixed: ").append(f.fixed());
            } else {
                out.append(f.message());
                if (f.fix() != null) {
                    out.append(" (fix: ").append(f.fix()).append(')');
                }
            }
            out.append('\n');
        }
        return out.toString();
    }

    /** Field names are documented in README.md; keep them stable. */
    static String json(List<Finding> findings) {
        int exit = Doctor.exitCode(findings);
        return Json.write(g -> {
            g.writeStartObject();
            g.writeStringField("status", exit == Exit.DOCTOR_OK.code() ? "ok" : exit == Exit.DOCTOR_WARNINGS.code() ? "warn" : "fail");
            g.writeArrayFieldStart("checks");
            for (Finding f : findings) {
                g.writeStartObject();
                g.writeStringField("check", f.check());
                g.writeStringField("status", f.level().name().toLowerCase(Locale.ROOT));
                g.writeStringField("message", f.message());
                Json.text(g, "fix", f.fix());
                Json.text(g, "fixed", f.fixed());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }
}
