/**
 * Auto-configuration of texlink servers and clients from {@code texlink.*} properties.
 */
package io.texlink.spring.autoconfigure;
