#version 450
// The stripes of texlink's test pattern (io.texlink.pattern.TestPattern.stripes) computed on the GPU, tightly packed:
// the frame id in the first 8 bytes (little-endian), and byte b of row y = 37·(b + 7y + 13·id) mod 256.
// Every invocation writes whole 32-bit words, striding over the frame, so any frame size needs
// only as many work groups as the device allows.
layout(local_size_x = 64) in;

layout(std430, set = 0, binding = 0) writeonly buffer Frame {
    uint words[];
};

layout(push_constant) uniform Pattern {
    uint rowBytes;  // bytes of one row (width × bytes per pixel)
    uint wordCount; // words to write: the frame's bytes / 4, rounded up
    uint idLow;     // the frame id's low 32 bits ...
    uint idHigh;    // ... and high 32 bits
} pattern;

uint patternByte(uint offset) {
    uint y = offset / pattern.rowBytes;
    uint b = offset - y * pattern.rowBytes;
    // 13·id mod 256 depends on the id's low bits only: 2^32 is a multiple of 256, and so is uint overflow.
    return (37u * (b + 7u * y + 13u * pattern.idLow)) & 0xFFu;
}

void main() {
    uint step = gl_NumWorkGroups.x * gl_WorkGroupSize.x;
    for (uint w = gl_GlobalInvocationID.x; w < pattern.wordCount; w += step) {
        uint word;
        if (w == 0u) {
            word = pattern.idLow;
        } else if (w == 1u) {
            word = pattern.idHigh;
        } else {
            uint offset = 4u * w;
            word = patternByte(offset) | patternByte(offset + 1u) << 8 | patternByte(offset + 2u) << 16
                    | patternByte(offset + 3u) << 24;
        }
        words[w] = word;
    }
}
