package dev.ccy.cli;

import dev.ccy.CcyException;
import dev.ccy.quadlet.PodmanVersion;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** An X.Y option (render --podman-version): a value that is no version is a usage error, exit 2. */
final class PodmanVersionConverter implements ITypeConverter<PodmanVersion> {
    @Override
    public PodmanVersion convert(String value) {
        if (!value.strip().matches("\\d+\\.\\d+(\\.\\d+)?")) {
            throw new TypeConversionException("'" + value + "' is not a Podman version: give X.Y, e.g. 5.4");
        }
        try {
            return PodmanVersion.parse(value);
        } catch (CcyException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
