/**
 * The printable Bufdir report: {@link no.likeperson.sdk.bufdir.report.BufdirReport} writes a PDF
 * with the totals, a per-type bar chart and the mentor table, for the coordinator who signs the
 * application. A separate artifact from sdk-bufdir because it uses AWT, JFreeChart and PDFBox,
 * which must never reach Android users of sdk-bufdir (see docs/bufdir-report.md).
 */
@NullMarked
package no.likeperson.sdk.bufdir.report;

import org.jspecify.annotations.NullMarked;
