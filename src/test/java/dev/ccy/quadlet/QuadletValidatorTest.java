package dev.ccy.quadlet;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ccy.CcyException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QuadletValidatorTest {
    static final PodmanVersion V54 = PodmanVersion.parse("5.4.2");
    static final String OK = "[Unit]\nDescription=x\n[Container]\nImage=img\nLabel=\"ccy.session=s\"\n";

    @Test
    void acceptsAValidUnit() {
        assertDoesNotThrow(() -> QuadletValidator.validate(OK, V54, Map.of("ccy.session", "s")));
    }

    @Test
    void refusesKeysQuadletDoesNotKnow() {
        CcyException e = assertThrows(CcyException.class,
                () -> QuadletValidator.validate(OK + "Bogus=1\n", V54, Map.of()));
        assertTrue(e.getMessage().contains("Bogus"), e.getMessage());
    }

    @Test
    void refusesKeysTooNewForThePodman() {
        String unit = OK + "ReloadCmd=/bin/true\n";
        CcyException e = assertThrows(CcyException.class, () -> QuadletValidator.validate(unit, V54, Map.of()));
        assertTrue(e.getMessage().contains("needs Podman 5.5"), e.getMessage());
        assertDoesNotThrow(() -> QuadletValidator.validate(unit, PodmanVersion.parse("podman version 5.6.0"), Map.of()));
    }

    @Test
    void refusesLabelsThatDidNotComeOutExactly() {
        assertThrows(CcyException.class, () -> QuadletValidator.validate(OK, V54, Map.of("ccy.session", "other")));
        assertThrows(CcyException.class, () -> QuadletValidator.validate(OK, V54, Map.of("ccy.worktree", "/w")));
    }

    @Test
    void refusesLabelsSystemdWouldExpand() {
        // what a template gets if it prints a value without word(): $HOME and %h would be expanded
        for (String label : new String[] {"Label=\"ccy.session=s$HOME\"", "Label=\"ccy.session=s%h\"", "Label=ccy.session=${X}"}) {
            String unit = "[Container]\nImage=img\n" + label + "\n";
            CcyException e = assertThrows(CcyException.class, () -> QuadletValidator.validate(unit, V54, Map.of()), label);
            assertTrue(e.getMessage().contains("systemd would"), e.getMessage());
        }
        assertDoesNotThrow(() -> QuadletValidator.validate("[Container]\nImage=img\nLabel='ccy.session=s$$%%'\n", V54,
                Map.of("ccy.session", "s$%")));
    }

    @Test
    void refusesContinuationsAndStrayLines() {
        assertThrows(CcyException.class, () -> QuadletValidator.validate(OK + "Exec=a \\\n", V54, Map.of()));
        assertThrows(CcyException.class, () -> QuadletValidator.validate(OK + "just text\n", V54, Map.of()));
        assertThrows(CcyException.class, () -> QuadletValidator.validate("[Unit]\nDescription=x\n", V54, Map.of()));
        assertThrows(CcyException.class, () -> QuadletValidator.validate(OK + "[Quadlet]\nDefaultDependencies=false\n",
                PodmanVersion.parse("5.2"), Map.of()));
    }

    @Test
    void keyTableHasTheReleaseBoundaries() {
        assertTrue(ContainerKey.Entrypoint.supportedBy(PodmanVersion.parse("5.0")));
        assertTrue(!ContainerKey.Entrypoint.supportedBy(PodmanVersion.parse("4.9.3")));
        assertTrue(!ContainerKey.AppArmor.supportedBy(PodmanVersion.parse("5.7.1")));
        assertTrue(ContainerKey.named("image").isEmpty(), "keys are case sensitive");
    }
}
