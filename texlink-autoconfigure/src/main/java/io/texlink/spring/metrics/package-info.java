/** Micrometer meters of texlink servers and clients. */
package io.texlink.spring.metrics;
