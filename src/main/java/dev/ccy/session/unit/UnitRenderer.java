package dev.ccy.session.unit;

import dev.ccy.quadlet.QuadletValidator;
import dev.ccy.quadlet.UnitTemplates;
import dev.ccy.settings.Settings;
import dev.ccy.settings.TrustStore;
import java.nio.file.Path;
import java.util.List;

/**
 * Renders a session's unit from the template (the user's, the admin's or ccy's own) and checks it
 * as Quadlet will read it; and says what a unit's inputs are, so that a unit rendered from other
 * inputs (another ccy, a changed template or settings) is known to be out of date.
 */
public final class UnitRenderer {
    private final List<Path> templateDirs;
    private java.util.concurrent.CompletableFuture<UnitTemplates> templates;

    public UnitRenderer(List<Path> templateDirs) {
        this.templateDirs = templateDirs;
    }

    /**
     * Loads FreeMarker and parses the template in the background, while the caller waits for
     * podman: the first render costs several hundred milliseconds of class loading otherwise.
     */
    public synchronized void warm() {
        if (templates == null) {
            templates = dev.ccy.Background.start("templates", () -> {
                UnitTemplates t = new UnitTemplates(templateDirs);
                t.parse(SessionSpec.TEMPLATE);
                return t;
            });
        }
    }

    private synchronized UnitTemplates templates() {
        if (templates == null) {
            return new UnitTemplates(templateDirs);
        }
        try {
            return templates.join();
        } catch (java.util.concurrent.CompletionException e) {
            return new UnitTemplates(templateDirs); // the render says what is wrong, as without warm()
        }
    }

    /** The rendered unit; fails with a one-line error if it would not be read as meant. */
    public String render(SessionSpec spec) {
        String text = templates().render(SessionSpec.TEMPLATE, spec.model());
        QuadletValidator.validate(text, spec.podman(), spec.labels());
        return text;
    }

    /** ccy's version, as its jar says. */
    public static String version() {
        String v = UnitRenderer.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    /** The hash of what a session's unit is made from now: this ccy, the template, the settings. */
    public String inputs(Settings settings) {
        return TrustStore.sha256(version() + "\n" + templateSource() + "\n" + settings.canonical()).substring(0, 32);
    }

    /** The template's text as it will be used: the first override found, else the built-in one. */
    String templateSource() {
        return new dev.ccy.TemplateFiles(templateDirs).text(SessionSpec.TEMPLATE);
    }
}
