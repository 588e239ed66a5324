/**
 * The benchmark report (scale figures on generated data up to the largest organisation, and JMH
 * figures of the SDK against a raw OkHttp call). Not published; how to run it: docs/benchmarks.md.
 */
package no.likeperson.bench;
