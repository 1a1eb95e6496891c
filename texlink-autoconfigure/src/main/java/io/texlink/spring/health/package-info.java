/** Actuator health of texlink servers and clients. */
package io.texlink.spring.health;
