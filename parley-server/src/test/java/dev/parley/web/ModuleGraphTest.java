package dev.parley.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The import statements the server reads to list the modules the page preloads. */
@Tag("store-free")
class ModuleGraphTest {
    @Test
    void readsEveryShapeOfImportThisClientUses() {
        String source = """
                // The app shell: import nothing here ('./comment.js' is text)
                import { api, setActing,
                  whenUnauthorized } from './api.js';
                import * as sync from "./sync.js";
                import './side-effect.js';
                export { h } from '../dom.js';
                const lazy = () => import('./later.js');
                const text = 'important from here';
                """;
        assertThat(ModuleGraph.specifiers(source))
                .containsExactly("./api.js", "./sync.js", "./side-effect.js", "../dom.js", "./later.js");
    }

    @Test
    void followsImportsTransitivelyResolvingEachAgainstItsModule() {
        Map<String, String> files = Map.of(
                "js/main.js", "import { a } from './views/a.js';\nimport './b.js';",
                "js/views/a.js", "import { b } from '../b.js';\nimport { c } from './c.js';",
                "js/b.js", "export const b = 1;",
                "js/views/c.js", "import { a } from './a.js'; export const c = a;");
        assertThat(ModuleGraph.reachable("js/main.js", files::get))
                .containsExactly("js/main.js", "js/views/a.js", "js/b.js", "js/views/c.js");
    }

    @Test
    void aMissingModuleStopsTheNodeAtStartRatherThanShowingABlankPage() {
        Map<String, String> files = Map.of("js/main.js", "import { x } from './gone.js';");
        assertThatThrownBy(() -> ModuleGraph.reachable("js/main.js", files::get))
                .hasMessageContaining("js/gone.js");
    }
}
