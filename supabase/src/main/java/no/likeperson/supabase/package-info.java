/**
 * The database of the platform as code: the migrations, their rollbacks and the seed (resources of
 * this module), and {@link no.likeperson.supabase.LocalDatabase}, which runs them on an embedded
 * PostgreSQL 15 (or an external one) for tests, the demo and the benchmarks. {@link
 * no.likeperson.supabase.ScaleOptions} generates organisation trees and activity histories up to
 * the largest organisation's size.
 *
 * <pre>{@code
 * try (LocalDatabase db = LocalDatabase.builder().scale(ScaleOptions.small()).start()) {
 *   DataSource superuser = db.dataSource();
 * }
 * }</pre>
 *
 * <p>How migrations are written and what each one does: docs/database.md.
 */
package no.likeperson.supabase;
