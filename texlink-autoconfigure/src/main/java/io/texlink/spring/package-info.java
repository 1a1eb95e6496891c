/**
 * The programming model of texlink in Spring: {@link io.texlink.spring.TexlinkServers} and
 * {@link io.texlink.spring.TexlinkClients} to inject, {@link io.texlink.spring.FrameProducer} and
 * {@link io.texlink.spring.FrameConsumer} callbacks to declare.
 */
package io.texlink.spring;
