package no.likeperson.supabase;

import static no.likeperson.supabase.SeedData.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The organisation claims the Custom Access Token Hook adds (DESIGN §4), and what it leaves alone.
 * Who may execute it is covered by RlsMatrixTest and LocalDatabaseTest.
 */
class AccessTokenHookTest {

  private static LocalDatabase db;

  @BeforeAll
  static void start() {
    db = SharedDatabase.seeded();
  }

  private static JsonNode hook(SuperuserTx tx, String event) throws SQLException {
    return BufdirExpectation.parse(
        (String) tx.scalar("select public.custom_access_token_hook(?::jsonb)::text", event));
  }

  private static String event(UUID user, String appMetadata) {
    return "{\"user_id\": \""
        + user
        + "\", \"authentication_method\": \"password\", \"claims\": {\"sub\": \""
        + user
        + "\", \"role\": \"authenticated\", \"aud\": \"authenticated\", \"app_metadata\": "
        + appMetadata
        + "}}";
  }

  @Test
  void multiChapterMentor_getsBothOrganisationsAndItsPrimaryChapter() throws SQLException {
    try (SuperuserTx tx = SuperuserTx.open(db)) {
      JsonNode meta = hook(tx, event(MENTOR_MULTI, "{}")).path("claims").path("app_metadata");
      assertThat(meta.path("organisation_id").asText()).isEqualTo(ORG_OSLO.toString());
      List<String> ids = new ArrayList<>();
      meta.path("organisation_ids").forEach(n -> ids.add(n.asText()));
      assertThat(ids).containsExactly(ORG_OSLO.toString(), ORG_BAERUM.toString());
      assertThat(meta.path("org_roles").path(ORG_BAERUM.toString()).get(0).asText())
          .isEqualTo("peer_mentor");
      assertThat(meta.path("org_roles").size()).isEqualTo(2);
    }
  }

  @Test
  void personWithSeveralRolesInOneOrg_getsThemSorted() throws SQLException {
    try (SuperuserTx tx = SuperuserTx.open(db)) {
      tx.update(
          "insert into public.org_memberships (user_id, org_id, role) values (?, ?, 'peer_mentor')",
          COORD_OSLO,
          ORG_OSLO);
      JsonNode roles =
          hook(tx, event(COORD_OSLO, "{}"))
              .path("claims")
              .path("app_metadata")
              .path("org_roles")
              .path(ORG_OSLO.toString());
      assertThat(roles.toString()).isEqualTo("[\"coordinator\",\"peer_mentor\"]");
    }
  }

  @Test
  void existingAppMetadataAndOtherClaims_areKept() throws SQLException {
    try (SuperuserTx tx = SuperuserTx.open(db)) {
      JsonNode claims =
          hook(tx, event(ADMIN_OST, "{\"provider\": \"email\", \"providers\": [\"email\"]}"))
              .path("claims");
      assertThat(claims.path("app_metadata").path("provider").asText()).isEqualTo("email");
      assertThat(claims.path("app_metadata").path("organisation_id").asText())
          .isEqualTo(ORG_REGION_OST.toString());
      assertThat(claims.path("sub").asText()).isEqualTo(ADMIN_OST.toString());
      assertThat(claims.path("aud").asText()).isEqualTo("authenticated");
    }
  }

  @Test
  void userWithoutProfileOrMemberships_getsNullOrganisationAndEmptyCollections()
      throws SQLException {
    try (SuperuserTx tx = SuperuserTx.open(db)) {
      UUID stranger = UUID.randomUUID();
      tx.update(
          "insert into auth.users (id, email, aud, role) values (?, 'stranger@example.test', 'authenticated',"
              + " 'authenticated')",
          stranger);
      JsonNode meta = hook(tx, event(stranger, "null")).path("claims").path("app_metadata");
      assertThat(meta.path("organisation_id").isNull()).isTrue();
      assertThat(meta.path("organisation_ids").isArray()).isTrue();
      assertThat(meta.path("organisation_ids")).isEmpty();
      assertThat(meta.path("org_roles").isObject()).isTrue();
      assertThat(meta.path("org_roles")).isEmpty();
    }
  }

  @Test
  void eventWithoutUserId_returnsTheClaimsUnchanged() throws SQLException {
    try (SuperuserTx tx = SuperuserTx.open(db)) {
      JsonNode out = hook(tx, "{\"claims\": {\"role\": \"anon\"}}");
      assertThat(out.toString()).isEqualTo("{\"claims\":{\"role\":\"anon\"}}");
    }
  }
}
