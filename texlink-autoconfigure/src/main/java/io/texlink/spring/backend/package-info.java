/**
 * Which graphics API shares the frames: the {@link io.texlink.spring.backend.TexlinkBackend}
 * the servers and clients of an application use.
 */
package io.texlink.spring.backend;
