/** Auto-configuration of texlink metrics. */
package io.texlink.spring.autoconfigure.metrics;
