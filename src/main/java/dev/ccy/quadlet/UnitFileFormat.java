package dev.ccy.quadlet;

import freemarker.core.CommonMarkupOutputFormat;
import freemarker.core.CommonTemplateMarkupOutputModel;
import java.io.IOException;
import java.io.Writer;

/**
 * FreeMarker output format for unit files: every {@code ${...}} in a template is escaped with
 * {@link UnitValues#plain} ({@code %} doubled, control characters refused) unless it comes from
 * {@code word(...)} or {@code raw(...)}, which return already-escaped markup. A template author who
 * forgets to escape still cannot add a key; a value that systemd would expand in a label is caught
 * by {@link QuadletValidator}.
 */
public final class UnitFileFormat extends CommonMarkupOutputFormat<UnitFileFormat.Markup> {
    public static final UnitFileFormat INSTANCE = new UnitFileFormat();

    private UnitFileFormat() {
    }

    @Override
    public String getName() {
        return "systemd-unit";
    }

    @Override
    public String getMimeType() {
        return "text/x-systemd-unit";
    }

    @Override
    public void output(String textToEsc, Writer out) throws IOException {
        out.write(escapePlainText(textToEsc));
    }

    @Override
    public String escapePlainText(String plainTextContent) {
        return UnitValues.plain("template value", plainTextContent);
    }

    @Override
    public boolean isLegacyBuiltInBypassed(String builtInName) {
        return false;
    }

    @Override
    protected Markup newTemplateMarkupOutputModel(String plainTextContent, String markupContent) {
        return new Markup(plainTextContent, markupContent);
    }

    /** Already-escaped unit file text. */
    public static final class Markup extends CommonTemplateMarkupOutputModel<Markup> {
        Markup(String plainTextContent, String markupContent) {
            super(plainTextContent, markupContent);
        }

        @Override
        public UnitFileFormat getOutputFormat() {
            return INSTANCE;
        }
    }
}
