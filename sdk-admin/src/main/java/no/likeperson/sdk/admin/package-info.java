/**
 * The admin repository module (see the module README section and DESIGN §8).
 */
package no.likeperson.sdk.admin;
