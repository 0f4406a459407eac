package dev.ccy.quadlet;

import dev.ccy.CcyException;
import freemarker.core.Environment;
import freemarker.template.TemplateDirectiveBody;
import freemarker.template.TemplateDirectiveModel;
import freemarker.template.TemplateException;
import freemarker.template.TemplateModel;
import freemarker.template.TemplateModelException;
import freemarker.template.utility.DeepUnwrap;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * {@code <@option key="Memory" value=x/>}: one {@code [Container]} option, written the way the
 * target Podman takes it. The key table decides: {@code Key=value} where that release's Quadlet has
 * the key, else the key's podman flag in {@code PodmanArgs=}. {@code <@option flag="--cpus" value=x/>}
 * is for a podman option no Quadlet release has a key for: always {@code PodmanArgs=}. A list writes one line per item;
 * nothing is written for a missing or empty value, or a switch that is off. Values are escaped as
 * the key's kind needs, so no value can add or change a key.
 */
final class OptionDirective implements TemplateDirectiveModel {
    private final PodmanVersion podman;

    OptionDirective(PodmanVersion podman) {
        this.podman = podman;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public void execute(Environment env, Map params, TemplateModel[] loopVars, TemplateDirectiveBody body)
            throws TemplateException, IOException {
        if (body != null || !params.keySet().stream().allMatch(k -> k.equals("key") || k.equals("flag") || k.equals("value"))
                || params.containsKey("key") == params.containsKey("flag")) {
            throw new TemplateModelException("<@option/> takes key= or flag=, and value=, and no body");
        }
        Object value = params.get("value") == null ? null : DeepUnwrap.unwrap((TemplateModel) params.get("value"));
        if (params.containsKey("flag")) {
            String flag = String.valueOf(DeepUnwrap.unwrap((TemplateModel) params.get("flag")));
            if (!flag.matches("--[a-z][a-z0-9-]*")) {
                throw new TemplateModelException("<@option flag=\"" + flag + "\"/>: not a podman flag like --cpus");
            }
            StringBuilder out = new StringBuilder();
            for (String v : values(value)) {
                out.append("PodmanArgs=").append(UnitValues.word(flag + " value", flag + "=" + v)).append('\n');
            }
            env.getOut().write(out.toString());
            return;
        }
        Object keyName = DeepUnwrap.unwrap((TemplateModel) params.get("key"));
        ContainerKey key = ContainerKey.named(String.valueOf(keyName)).orElseThrow(
                () -> new TemplateModelException("<@option/>: Quadlet has no [Container] key " + keyName + "="));
        env.getOut().write(lines(key, podman, values(value)));
    }

    /** The lines for a key and its values, for a Podman release. */
    static String lines(ContainerKey key, PodmanVersion podman, List<String> values) {
        StringBuilder out = new StringBuilder();
        String what = key.name() + "= value";
        for (String v : values) {
            if (key.supportedBy(podman)) {
                if (key.isSwitch() && !Boolean.parseBoolean(v)) {
                    continue;
                }
                String escaped = key.kind() == ContainerKey.Kind.WORDS ? UnitValues.word(what, v) : UnitValues.raw(what, v);
                out.append(key.name()).append('=').append(escaped).append('\n');
            } else {
                try {
                    key.flag(v).ifPresent(f -> out.append("PodmanArgs=").append(UnitValues.word(what, f)).append('\n'));
                } catch (CcyException e) {
                    throw new CcyException(e.getMessage() + " (this is " + podman + ")");
                }
            }
        }
        return out.toString();
    }

    private static List<String> values(Object value) {
        List<String> out = new ArrayList<>();
        if (value instanceof Collection<?> c) {
            c.forEach(v -> out.addAll(values(v)));
        } else if (value != null && !String.valueOf(value).isEmpty()) {
            out.add(String.valueOf(value));
        }
        return out;
    }
}
