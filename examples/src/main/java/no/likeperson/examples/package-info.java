/**
 * The demo ({@link no.likeperson.examples.Demo}) and one runnable example per repository module, on
 * the embedded local stack by default. Not published.
 */
package no.likeperson.examples;
