/**
 * The README's and the javadoc's code examples as compiled code: each documented block sits between
 * {@code // tag::NAME[]} and {@code // end::NAME[]} comments, tests run it against the local stack,
 * and {@code DocumentedSnippetsTest} fails when a README or javadoc block differs from its source.
 */
package no.likeperson.examples.snippets;
