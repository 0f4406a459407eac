package dev.ccy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ccy.session.store.SessionName;
import dev.ccy.session.store.SessionStore;
import dev.ccy.session.store.SessionStoreTest;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompletionWordsTest {
    @Test
    void aSessionCompletesByNameShortNameAndAliasButNeverToAnAmbiguousShortName(@TempDir Path tmp) {
        SessionStore store = new SessionStore(tmp.resolve("q"), tmp.resolve("lock"));
        SessionName shop = new SessionName("webshop", 1);
        store.create(shop, SessionStoreTest.unit(shop, "/w/webshop") + "Label=\"ccy.alias=review\"\n");
        // ccy-tools-1 is the full name of tools/'s session and the short name of ccy-tools/'s
        SessionName tools = new SessionName("tools", 1);
        SessionName ccyTools = new SessionName("ccy-tools", 1);
        store.create(tools, SessionStoreTest.unit(tools, "/w/tools"));
        store.create(ccyTools, SessionStoreTest.unit(ccyTools, "/w/ccy-tools"));
        List<String> words = ListCommand.completionWords(store.list());
        assertEquals(List.of("ccy-ccy-tools-1", "ccy-tools-1", "ccy-webshop-1", "review", "tools-1", "webshop-1"),
                words.stream().sorted().toList(), "each word once: " + words);
    }
}
