package dev.ccy.quadlet;

import dev.ccy.CcyException;
import freemarker.cache.ClassTemplateLoader;
import freemarker.cache.FileTemplateLoader;
import freemarker.cache.MultiTemplateLoader;
import freemarker.cache.TemplateLoader;
import freemarker.template.Configuration;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import freemarker.template.TemplateMethodModelEx;
import freemarker.template.TemplateModelException;
import freemarker.template.utility.DeepUnwrap;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BinaryOperator;

/**
 * Renders unit templates with FreeMarker. A template is looked up in the user's override directory,
 * then the system one, then the copy built into ccy, so users and admins change what sessions look
 * like without rebuilding ccy.
 */
public final class UnitTemplates {
    private final Configuration cfg;

    public UnitTemplates(List<Path> overrideDirs) {
        cfg = new Configuration(Configuration.VERSION_2_3_35);
        cfg.setDefaultEncoding("UTF-8");
        cfg.setOutputFormat(UnitFileFormat.INSTANCE);
        cfg.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
        cfg.setLogTemplateExceptions(false);
        cfg.setWrapUncheckedExceptions(true);
        cfg.setFallbackOnNullLoopVariable(false);
        List<TemplateLoader> loaders = new ArrayList<>();
        for (Path dir : overrideDirs) {
            if (Files.isDirectory(dir)) {
                try {
                    loaders.add(new FileTemplateLoader(dir.toFile()));
                } catch (IOException e) {
                    throw new CcyException("cannot read templates in " + dir + ": " + e.getMessage());
                }
            }
        }
        loaders.add(new ClassTemplateLoader(UnitTemplates.class, "/templates"));
        cfg.setTemplateLoader(new MultiTemplateLoader(loaders.toArray(TemplateLoader[]::new)));
    }

    /** Loads and parses a template ahead of rendering it (errors are left for {@link #render}). */
    public void parse(String name) {
        try {
            cfg.getTemplate(name);
        } catch (IOException e) {
            // render reports it
        }
    }

    /**
     * Renders {@code name} with the model plus the escaping functions {@code word}, {@code raw} and
     * the directive {@code <@option key="Memory" value=x/>}, which writes a {@code [Container]} key
     * for the Podman release in {@code podman.version} (or its flag in PodmanArgs=, where that
     * release lacks the key).
     */
    public String render(String name, Map<String, Object> model) {
        Map<String, Object> root = new HashMap<>(model);
        root.put("word", escaper("word", UnitValues::word));
        root.put("raw", escaper("raw", UnitValues::raw));
        root.put("csv", csv());
        root.put("option", new OptionDirective(podmanOf(model)));
        try {
            Template template = cfg.getTemplate(name);
            StringWriter out = new StringWriter();
            template.process(root, out);
            return out.toString();
        } catch (IOException e) {
            // FreeMarker's parse errors span several lines; the first says what and where
            throw new CcyException("cannot load template " + name + ": "
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
        } catch (TemplateException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof CcyException c) {
                    throw c;
                }
            }
            throw new CcyException("template " + name + " failed: " + e.getMessageWithoutStackTop().lines().findFirst().orElse(""));
        }
    }

    private static PodmanVersion podmanOf(Map<String, Object> model) {
        return model.get("podman") instanceof Map<?, ?> p && p.get("version") != null
                ? PodmanVersion.parse(String.valueOf(p.get("version"))) : PodmanVersion.LATEST_KNOWN;
    }

    /** csv(a, b, ...): one CSV record (a Mount= value), still to be escaped by the key that takes it. */
    private static TemplateMethodModelEx csv() {
        return args -> {
            List<String> fields = new ArrayList<>();
            for (Object a : args) {
                fields.add(String.valueOf(DeepUnwrap.unwrap((freemarker.template.TemplateModel) a)));
            }
            return UnitValues.csv("value", fields);
        };
    }

    private static TemplateMethodModelEx escaper(String fn, BinaryOperator<String> escape) {
        return args -> {
            if (args.size() != 1) {
                throw new TemplateModelException(fn + "() takes one value");
            }
            Object value = DeepUnwrap.unwrap((freemarker.template.TemplateModel) args.get(0));
            return UnitFileFormat.INSTANCE.fromMarkup(escape.apply("value", String.valueOf(value)));
        };
    }
}
