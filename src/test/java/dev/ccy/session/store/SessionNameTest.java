package dev.ccy.session.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ccy.CcyException;
import org.junit.jupiter.api.Test;

class SessionNameTest {
    @Test
    void slugKeepsOnlyUnitNameSafeCharacters() {
        assertEquals("my-app", SessionName.slug("My App"));
        assertEquals("deja-vu", SessionName.slug("Déjà Vu!"));
        assertEquals("a-b", SessionName.slug("--a__%$b--"));
        assertEquals("project", SessionName.slug("日本"));
        assertTrue(SessionName.slug("x".repeat(300)).length() <= 40);
        assertTrue(SessionName.slug("My App").matches("[a-z0-9][a-z0-9-]*"));
    }

    @Test
    void sameDirectoryNameInTwoPlacesGetsTwoQualifiedSlugs() {
        String a = SessionName.qualifiedSlug("app", "/home/u/one/app");
        String b = SessionName.qualifiedSlug("app", "/home/u/two/app");
        assertNotEquals(a, b);
        assertTrue(a.startsWith("app-") && a.matches("[a-z0-9-]+"), a);
        assertEquals(a, SessionName.qualifiedSlug("app", "/home/u/one/app"), "stable");
    }

    @Test
    void parsesEveryWayAUserNamesASession() {
        SessionName n = new SessionName("my-app-2", 3);
        for (String s : new String[] {"ccy-my-app-2-3", "my-app-2-3", "ccy-my-app-2-3.service", "ccy-my-app-2-3.container"}) {
            assertEquals(n, SessionName.parse(s), s);
        }
        assertEquals("ccy-my-app-2-3.service", n.unit());
        assertEquals(2, assertThrows(CcyException.class, () -> SessionName.parse("nope")).exitCode());
        assertThrows(CcyException.class, () -> SessionName.parse("ccy-x-0"));
        assertThrows(CcyException.class, () -> SessionName.parse("ccy-../x-1"));
    }

    @Test
    void onlyCcyFilesAreSessions() {
        assertTrue(SessionName.isSessionFile("ccy-a-1.container"));
        assertTrue(!SessionName.isSessionFile("web.container"));
        assertTrue(!SessionName.isSessionFile("ccy-a-1.volume"));
        assertTrue(!SessionName.isSessionFile(".ccy-a-1.container123.tmp"));
    }
}
