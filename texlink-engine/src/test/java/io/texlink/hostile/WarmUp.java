package io.texlink.hostile;

import io.texlink.ClientOptions;
import io.texlink.FrameDescriptor;
import io.texlink.PixelFormat;
import io.texlink.ServerOptions;
import io.texlink.TexlinkClient;
import io.texlink.TexlinkServer;
import io.texlink.testing.Sessions;

import java.io.IOException;
import java.nio.file.Path;

/** Leak tests count descriptors; the JVM and junixsocket open some files once, on first use, so run one session first. */
final class WarmUp {
    private WarmUp() {
    }

    static void oneSession(Path dir) throws IOException {
        Path socket = Sessions.uniqueSocket(dir);
        try (TexlinkServer s = TexlinkServer.create(ServerOptions.builderForSocket(socket,
                FrameDescriptor.texture2d(8, 8, PixelFormat.ABGR8888)).registry(null).build())) {
            s.start();
            TexlinkClient.connect(ClientOptions.builderForSocket(socket).registry(null).build()).close();
            try (RawPeer peer = RawPeer.connect(socket)) {
                peer.readHandshake(3);
            }
        }
    }
}
