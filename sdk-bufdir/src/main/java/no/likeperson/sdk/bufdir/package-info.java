/**
 * The bufdir repository module (see the module README section and DESIGN §8).
 */
package no.likeperson.sdk.bufdir;
