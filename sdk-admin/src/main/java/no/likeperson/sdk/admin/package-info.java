/**
 * Admin KPIs within an org admin's organisation subtree (card 003) and peer-mentor certifications
 * (card 004), over sdk-core's {@link no.likeperson.sdk.core.SupabaseClient}.
 *
 * <pre>{@code
 * AdminDataRepository admin = AdminDataRepository.create(AdminRlsGuard.create(client, rootOrgId));
 * AdminStatDto kpis = admin.getKpiStats();
 * CertificationRepository certs = CertificationRepository.create(client);
 * List<Certification> due = certs.expiringWithin(chapterId, 30);
 * }</pre>
 *
 * <p>Public types: {@link no.likeperson.sdk.admin.AdminRlsGuard}, {@link
 * no.likeperson.sdk.admin.AdminDataRepository}, {@link no.likeperson.sdk.admin.AdminStatDto},
 * {@link no.likeperson.sdk.admin.CertificationRepository}, {@link
 * no.likeperson.sdk.admin.Certification}, {@link no.likeperson.sdk.admin.RenewalEntry}, {@link
 * no.likeperson.sdk.admin.CertificationStatus} and the module's one exception, {@link
 * no.likeperson.sdk.admin.AdminRepositoryException}.
 */
@NullMarked
package no.likeperson.sdk.admin;

import org.jspecify.annotations.NullMarked;
