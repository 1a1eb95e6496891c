/**
 * The libtexlink v3 wire format (see {@code shared/protocol/wire-v3.md}): one class per record,
 * each holding its byte offsets as constants next to its encoder, decoder and validation.
 *
 * <p>All integers are little-endian. Decoders of peer data throw
 * {@link io.texlink.TexlinkProtocolException} for every malformed input, short segments included;
 * encoders throw {@link IllegalArgumentException} for values the format cannot carry. The
 * per-frame records ({@link io.texlink.wire.FrameNoticeRecord}, {@link io.texlink.wire.ReleaseRecord})
 * and the {@link io.texlink.wire.ControlBlockLayout} atomics are static methods over a segment and
 * allocate nothing outside their error paths.
 */
package io.texlink.wire;
