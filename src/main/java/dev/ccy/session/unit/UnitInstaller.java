package dev.ccy.session.unit;

import dev.ccy.session.store.Session;
import dev.ccy.session.store.SessionName;
import dev.ccy.session.store.SessionStore;
import dev.ccy.AtomicFiles;
import dev.ccy.CcyException;
import dev.ccy.podman.Podman;
import dev.ccy.systemd.Units;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * Puts a rendered unit in place and makes sure systemd loaded it, or leaves things as they were:
 * the Quadlet generator is the only judge of a unit, and it judges at daemon-reload. One way for a
 * new session (the file appears by link(2), never over another) and for an upgrade (the old file
 * is put back). Callers hold the store's lock.
 */
public final class UnitInstaller {
    private final SessionStore store;
    private final Podman podman;
    private final Supplier<Units> systemd;

    public UnitInstaller(SessionStore store, Podman podman, Supplier<Units> systemd) {
        this.store = store;
        this.podman = podman;
        this.systemd = systemd;
    }

    /** Writes a new session's unit and loads it; a unit the generator rejects is deleted again. */
    public Session create(SessionName name, String text) {
        Path file = store.create(name, text);
        Session session = SessionStore.readFile(name, file).orElseThrow(() -> new CcyException("cannot read back " + file));
        String rejected = load(name, file);
        if (!rejected.isEmpty()) {
            store.delete(session);
            reloadQuietly();
            throw new CcyException("the Quadlet generator rejected " + name.fileName() + rejected);
        }
        return session;
    }

    /** Replaces a session's unit and loads it; if the generator rejects the new one, the old one is put back. */
    public void replace(Session session, String old, String text) {
        AtomicFiles.writeIfChanged(session.file(), text, "rw-------");
        String rejected = load(session.name(), session.file());
        if (!rejected.isEmpty()) {
            AtomicFiles.writeIfChanged(session.file(), old, "rw-------");
            systemd.get().reload();
            throw new CcyException("the Quadlet generator rejected the new unit of " + session.name() + rejected
                    + "; the old unit was put back");
        }
    }

    /** Reloads; "" when the unit is loaded, else why not, as " (unit STATE): what the generator said". */
    private String load(SessionName name, Path file) {
        systemd.get().reload();
        String state = systemd.get().loadState(name.unit());
        if (state.equals("loaded")) {
            return "";
        }
        String why = podman.quadletComplaint(file);
        return " (unit " + state + ")" + (why.isEmpty() ? "; see '/usr/libexec/podman/quadlet -dryrun -user'" : ": " + why);
    }

    /** Reloads while reporting another error: the file is gone, and the next reload forgets the unit anyway. */
    public void reloadQuietly() {
        try {
            systemd.get().reload();
        } catch (CcyException ignored) {
            // see above
        }
    }
}
