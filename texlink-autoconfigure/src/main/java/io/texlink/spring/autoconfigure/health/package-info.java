/** Auto-configuration of the texlink health contributor. */
package io.texlink.spring.autoconfigure.health;
