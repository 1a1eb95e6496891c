package io.texlink.cuda;

import io.texlink.Backend;
import io.texlink.ClientOptions;
import io.texlink.FrameDescriptor;
import io.texlink.FrameType;
import io.texlink.PixelFormat;
import io.texlink.TexlinkClient;
import io.texlink.testing.SecondJvm;
import io.texlink.testing.Sessions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CUDA VMM memory from a producer JVM to a CUDA consumer in this JVM
 * ({@code cuMemExportToShareableHandle} there, {@code cuMemImportFromShareableHandle} +
 * {@code cuMemMap} here), every received frame's content checked against the test pattern.
 */
@Tag("gpu")
@Timeout(value = 180, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CudaVmmCrossProcessIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int FRAMES = 60;

    @TempDir
    Path dir;

    @BeforeEach
    void cuda() {
        CudaTestSupport.cudaOrSkip();
    }

    static Stream<FrameDescriptor> shapes() {
        return Stream.of(
                FrameDescriptor.buffer(FrameType.COMPUTE_BUFFER, (8L << 20) + 3),
                FrameDescriptor.texture2d(1920, 1080, PixelFormat.ABGR8888),
                FrameDescriptor.texture3d(64, 64, 16, PixelFormat.R8));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void framesArriveWithTheirContent(FrameDescriptor d) {
        Path socket = Sessions.uniqueSocket(dir);
        try (SecondJvm producer = SecondJvm.start(CudaProducerMain.class,
                CudaTestSupport.producerArgs(socket, d, String.valueOf(FRAMES)))) {
            producer.awaitLineStartingWith("READY", WAIT);
            ClientOptions options = ClientOptions.builderForSocket(socket).registry(null).connectTimeout(WAIT)
                    .importer(() -> CudaFrameImporter.builder().build()).build();
            try (TexlinkClient client = TexlinkClient.connect(options)) {
                System.out.println("CONSUMER meta " + client.meta());
                assertThat(client.meta().backend()).isEqualTo(Backend.CUDA);
                assertThat(CudaTestSupport.verifyFrames(client, FRAMES, producer,
                        first -> assertThat(first.isArray()).isFalse())).isPositive();
            }
            assertThat(producer.awaitExit(WAIT)).as(producer.output()).isZero();
            assertThat(producer.output()).contains("PUBLISHED " + FRAMES, "CLEAN");
        }
    }
}
