/** Auto-configuration of the backend, and the conditions that choose it. */
package io.texlink.spring.autoconfigure.backend;
