/** The stats repository module (see the module README section and DESIGN §8). */
@NullMarked
package no.likeperson.sdk.stats;

import org.jspecify.annotations.NullMarked;
