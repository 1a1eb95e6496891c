package io.texlink.bench.gpu;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResultsPageTest {
    private static final String PAGE = "# benchmarks\n\n## GPU\n\nhow it is measured\n\n" + ResultsPage.BEGIN
            + "\n\nNot run yet.\n\n" + ResultsPage.END + "\n\nclosing note\n";

    @Test
    void theFragmentReplacesWhatWasBetweenTheMarkers() {
        String fragment = GpuReport.FRAGMENT_START + "\n### Results on NVIDIA H100\n\n| a | b |\n";

        String merged = ResultsPage.merge(PAGE, fragment);

        assertThat(merged).isEqualTo("# benchmarks\n\n## GPU\n\nhow it is measured\n\n" + ResultsPage.BEGIN + "\n\n"
                + GpuReport.FRAGMENT_START + "\n### Results on NVIDIA H100\n\n| a | b |\n\n" + ResultsPage.END
                + "\n\nclosing note\n");
        assertThat(ResultsPage.merge(merged, fragment)).isEqualTo(merged);
    }

    @Test
    void theProjectsBenchmarkPageHasItsPlaceForTheResults() throws Exception {
        String page = Files.readString(Path.of("../docs/benchmarks.md")); // the module's folder is the working directory

        assertThat(ResultsPage.merge(page, GpuReport.FRAGMENT_START + "\n### Results on a GPU\n"))
                .contains(ResultsPage.BEGIN + "\n\n" + GpuReport.FRAGMENT_START + "\n### Results on a GPU\n\n" + ResultsPage.END);
    }

    @Test
    void onlyAGeneratedFragmentIsMerged() {
        assertThatThrownBy(() -> ResultsPage.merge(PAGE, "### Results typed by hand\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("run-gpu-benchmarks.sh");
    }

    @Test
    void aPageWithoutItsMarkersIsLeftAlone() {
        String fragment = GpuReport.FRAGMENT_START + "\n";

        assertThatThrownBy(() -> ResultsPage.merge("# benchmarks\n", fragment)).hasMessageContaining(ResultsPage.BEGIN);
        assertThatThrownBy(() -> ResultsPage.merge(ResultsPage.END + "\n" + ResultsPage.BEGIN + "\n", fragment))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ResultsPage.merge(PAGE + PAGE, fragment)).isInstanceOf(IllegalArgumentException.class);
    }
}
