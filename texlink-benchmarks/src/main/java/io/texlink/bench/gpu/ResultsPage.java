package io.texlink.bench.gpu;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Puts a GPU run's markdown fragment ({@link GpuReport#markdown()}) into {@code docs/benchmarks.md}
 * between the {@link #BEGIN} and {@link #END} markers, replacing what a previous run put there. The
 * markers sit in the page's hand-written part, which the CPU suite keeps when it rewrites the page,
 * so GPU figures reach the page only from a run, never by hand.
 *
 * <p>{@code ResultsPage FRAGMENT [PAGE]} (PAGE defaults to docs/benchmarks.md).
 */
public final class ResultsPage {
    /** Where the generated GPU results begin. */
    public static final String BEGIN = "<!-- GPU results: begin (scripts/run-gpu-benchmarks.sh --merge writes them) -->";
    /** Where they end. */
    public static final String END = "<!-- GPU results: end -->";

    private ResultsPage() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1 || args.length > 2) {
            throw new IllegalArgumentException("usage: ResultsPage FRAGMENT [PAGE]; PAGE defaults to docs/benchmarks.md");
        }
        Path page = Path.of(args.length == 2 ? args[1] : "docs/benchmarks.md");
        Files.writeString(page, merge(Files.readString(page), Files.readString(Path.of(args[0]))));
        System.out.println("merged " + args[0] + " into " + page);
    }

    /**
     * {@code page} with {@code fragment} between its markers.
     *
     * @throws IllegalArgumentException when the page lacks the markers (once each, in order) or the
     *                                  fragment is not a generated one
     */
    static String merge(String page, String fragment) {
        if (!fragment.startsWith(GpuReport.FRAGMENT_START)) {
            throw new IllegalArgumentException("the fragment does not start with the line the GPU suite writes ("
                    + GpuReport.FRAGMENT_START + "); merge only what scripts/run-gpu-benchmarks.sh wrote");
        }
        int begin = page.indexOf(BEGIN);
        int end = page.indexOf(END);
        if (begin < 0 || end < begin || page.indexOf(BEGIN, begin + 1) >= 0 || page.indexOf(END, end + 1) >= 0) {
            throw new IllegalArgumentException("the page needs the lines " + BEGIN + " and " + END + ", once each and in"
                    + " that order, where the GPU results go");
        }
        return page.substring(0, begin + BEGIN.length()) + "\n\n" + fragment.strip() + "\n\n" + page.substring(end);
    }
}
