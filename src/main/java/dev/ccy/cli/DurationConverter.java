package dev.ccy.cli;

import dev.ccy.CcyException;
import dev.ccy.Durations;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A DURATION option: a bad value is a usage error (exit 2) reported by picocli like any other. */
final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        try {
            return Durations.parse(value);
        } catch (CcyException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
