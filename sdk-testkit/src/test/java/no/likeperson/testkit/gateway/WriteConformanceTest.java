package no.likeperson.testkit.gateway;

import static no.likeperson.testkit.gateway.GatewayFixture.bearer;
import static no.likeperson.testkit.gateway.GatewayFixture.serviceToken;
import static no.likeperson.testkit.gateway.GatewayFixture.userToken;
import static org.assertj.core.api.Assertions.assertThat;

import no.likeperson.testkit.gateway.GatewayFixture.Reply;
import org.junit.jupiter.api.Test;

/**
 * POST/PATCH/DELETE (reference §3.7, §3.9, §3.10). Every write uses ids of its own so test order
 * does not matter; most also prove that {@code Prefer: tx=rollback} leaves nothing behind.
 */
class WriteConformanceTest {
  private final GatewayFixture f = GatewayFixture.get();
  private final String service = serviceToken();

  private int countParents(String filter) {
    Reply r = f.send("HEAD", "/parents?" + filter, null, bearer(service, "Prefer", "count=exact"));
    return Integer.parseInt(r.header("Content-Range").split("/")[1]);
  }

  @Test
  void insert_minimal_gives201WithoutBody() {
    Reply r = f.post("/parents", "{\"id\":101,\"code\":\"p101\"}", bearer(service));
    assertThat(r.status()).isEqualTo(201);
    assertThat(r.body()).isEmpty();
    assertThat(r.header("Content-Type")).isNull();
    assertThat(r.header("Content-Range")).isEqualTo("*/*");
    assertThat(countParents("id=eq.101")).isEqualTo(1);
  }

  @Test
  void insert_representation_returnsRowsRespectingSelect() {
    Reply r =
        f.post(
            "/parents?select=code",
            "[{\"id\":102,\"code\":\"p102\"},{\"id\":103,\"code\":\"p103\"}]",
            bearer(service, "Prefer", "return=representation,count=exact"));
    assertThat(r.status()).isEqualTo(201);
    assertThat(r.json()).hasSize(2);
    assertThat(r.json().get(0).size()).isEqualTo(1);
    assertThat(r.json().get(1).get("code").asText()).isEqualTo("p103");
    assertThat(r.header("Content-Range")).isEqualTo("*/2");
    assertThat(r.header("Preference-Applied")).isEqualTo("return=representation, count=exact");
  }

  @Test
  void insert_columnsAbsentFromPayload_getTheirDefault() {
    Reply r =
        f.post(
            "/todos",
            "{\"title\":\"mine\"}",
            bearer(
                userToken(GatewayFixture.ALICE),
                "Prefer",
                "return=representation",
                "Prefer",
                "tx=rollback"));
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    assertThat(r.json().get(0).get("owner").asText()).isEqualTo(GatewayFixture.ALICE);
    assertThat(r.json().get(0).get("done").asBoolean()).isFalse();
    assertThat(r.header("Preference-Applied")).isEqualTo("return=representation, tx=rollback");
  }

  @Test
  void insert_withTxRollback_leavesNothingBehind() {
    Reply r =
        f.post(
            "/parents", "{\"id\":104,\"code\":\"p104\"}", bearer(service, "Prefer", "tx=rollback"));
    assertThat(r.status()).isEqualTo(201);
    assertThat(r.header("Preference-Applied")).isEqualTo("tx=rollback");
    assertThat(countParents("id=eq.104")).isZero();
  }

  @Test
  void insert_deferredConstraintFailingAtCommit_gives409_andNothingIsCommitted() {
    Reply r = f.post("/deferred_children", "{\"id\":1,\"parent_id\":999}", bearer(service));
    assertThat(r.status()).as(r.body()).isEqualTo(409);
    assertThat(r.code()).isEqualTo("23503");
    Reply rolledBack =
        f.post(
            "/deferred_children",
            "{\"id\":2,\"parent_id\":999}",
            bearer(service, "Prefer", "tx=rollback"));
    assertThat(rolledBack.status())
        .isEqualTo(409); // SET CONSTRAINTS ALL IMMEDIATE before the rollback
    Reply count =
        f.send("HEAD", "/deferred_children", null, bearer(service, "Prefer", "count=exact"));
    assertThat(count.header("Content-Range")).isEqualTo("*/0");
    Reply ok =
        f.post(
            "/deferred_children",
            "{\"id\":3,\"parent_id\":1}",
            bearer(service, "Prefer", "tx=rollback"));
    assertThat(ok.status()).isEqualTo(201);
  }

  @Test
  void insert_keysDiffer_gives400PGRST102() {
    Reply r = f.post("/parents", "[{\"id\":105,\"code\":\"a\"},{\"id\":106}]", bearer(service));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.code()).isEqualTo("PGRST102");
    assertThat(r.json().get("message").asText()).isEqualTo("All object keys must match");
  }

  @Test
  void insert_invalidJson_gives400PGRST102() {
    Reply r = f.post("/parents", "{nope", bearer(service));
    assertThat(r.code()).isEqualTo("PGRST102");
    assertThat(r.json().get("message").asText()).isEqualTo("Empty or invalid json");
  }

  @Test
  void insert_unknownColumn_gives400PGRST204() {
    Reply r = f.post("/parents", "{\"id\":107,\"nosuch\":1}", bearer(service));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.code()).isEqualTo("PGRST204");
    assertThat(r.json().get("message").asText())
        .isEqualTo("Could not find the 'nosuch' column of 'parents' in the schema cache");
  }

  @Test
  void insert_constraintViolations_mapToPostgrestStatuses() {
    Reply dup = f.post("/parents", "{\"id\":1,\"code\":\"x\"}", bearer(service));
    assertThat(dup.status()).isEqualTo(409);
    assertThat(dup.code()).isEqualTo("23505");
    assertThat(dup.json().get("details").asText()).isEqualTo("Key (id)=(1) already exists.");
    Reply fk = f.post("/children", "{\"id\":50,\"parent_id\":999}", bearer(service));
    assertThat(fk.status()).isEqualTo(409);
    assertThat(fk.code()).isEqualTo("23503");
    Reply notNull = f.post("/children", "{\"id\":51}", bearer(service));
    assertThat(notNull.status()).isEqualTo(400);
    assertThat(notNull.code()).isEqualTo("23502");
    Reply check = f.post("/todos", "{\"title\":\"\"}", bearer(userToken(GatewayFixture.ALICE)));
    assertThat(check.status()).isEqualTo(400);
    assertThat(check.code()).isEqualTo("23514");
  }

  @Test
  void upsert_mergeDuplicates_updatesExisting_gives200_insertsNew_gives201() {
    f.post("/parents", "{\"id\":110,\"code\":\"p110\"}", bearer(service));
    Reply merge =
        f.post(
            "/parents",
            "{\"id\":110,\"code\":\"p110-merged\"}",
            bearer(service, "Prefer", "resolution=merge-duplicates,return=representation"));
    assertThat(merge.status()).isEqualTo(200);
    assertThat(merge.json().get(0).get("code").asText()).isEqualTo("p110-merged");
    assertThat(merge.header("Preference-Applied"))
        .isEqualTo("resolution=merge-duplicates, return=representation");
    Reply mixed =
        f.post(
            "/parents",
            "[{\"id\":110,\"code\":\"again\"},{\"id\":111,\"code\":\"p111\"}]",
            bearer(service, "Prefer", "resolution=merge-duplicates"));
    assertThat(mixed.status()).isEqualTo(201);
    assertThat(countParents("code=eq.again")).isEqualTo(1);
  }

  @Test
  void upsert_ignoreDuplicates_keepsExisting() {
    Reply r =
        f.post(
            "/parents",
            "[{\"id\":1,\"code\":\"changed\"},{\"id\":112,\"code\":\"p112\"}]",
            bearer(service, "Prefer", "resolution=ignore-duplicates,return=representation"));
    assertThat(r.status()).isEqualTo(201);
    assertThat(r.json()).hasSize(1);
    assertThat(countParents("code=eq.one")).isEqualTo(1);
  }

  @Test
  void upsert_onConflict_usesTheNamedUniqueColumns() {
    Reply r =
        f.post(
            "/parents?on_conflict=code",
            "{\"id\":999,\"code\":\"two\"}",
            bearer(
                service,
                "Prefer",
                "resolution=ignore-duplicates,return=representation",
                "Prefer",
                "tx=rollback"));
    // nothing inserted, nothing merged: PostgREST still answers 201, with an empty representation
    assertThat(r.status()).isEqualTo(201);
    assertThat(r.body()).isEqualTo("[]");
    Reply bad =
        f.post(
            "/parents?on_conflict=nosuch",
            "{\"id\":998,\"code\":\"zz\"}",
            bearer(service, "Prefer", "resolution=ignore-duplicates"));
    assertThat(bad.code()).isEqualTo("42703");
  }

  @Test
  void insert_missingDefault_fillsAnIdentityColumn_whichHasNoColumnDefault() {
    Reply r =
        f.post(
            "/todos?columns=id,title",
            "[{\"title\":\"identity a\"},{\"title\":\"identity b\"}]",
            bearer(
                userToken(GatewayFixture.BOB),
                "Prefer",
                "missing=default,return=representation,tx=rollback"));
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    long a = r.json().get(0).get("id").asLong();
    long b = r.json().get(1).get("id").asLong();
    assertThat(a).isPositive();
    assertThat(b).isNotEqualTo(a);
    // without missing=default the absent key is NULL, as PostgREST does: the NOT NULL identity
    // refuses it
    Reply nulls =
        f.post(
            "/todos?columns=id,title",
            "[{\"title\":\"identity c\"}]",
            bearer(userToken(GatewayFixture.BOB), "Prefer", "tx=rollback"));
    assertThat(nulls.code()).isEqualTo("23502");
  }

  @Test
  void insert_columnsParam_withMissingDefault_usesColumnDefaults() {
    Reply r =
        f.post(
            "/todos?columns=title,done",
            "[{\"title\":\"a\",\"done\":true},{\"title\":\"b\"}]",
            bearer(
                userToken(GatewayFixture.BOB),
                "Prefer",
                "missing=default,return=representation,tx=rollback"));
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    assertThat(r.json().get(1).get("done").asBoolean()).isFalse();
    assertThat(r.json().get(1).get("owner").asText()).isEqualTo(GatewayFixture.BOB);
    assertThat(r.header("Preference-Applied"))
        .isEqualTo("missing=default, return=representation, tx=rollback");
  }

  @Test
  void insert_singular_withTwoRows_rollsBackAndGives406() {
    Reply r =
        f.post(
            "/parents",
            "[{\"id\":120,\"code\":\"p120\"},{\"id\":121,\"code\":\"p121\"}]",
            bearer(service, "Accept", "application/vnd.pgrst.object+json"));
    assertThat(r.status()).isEqualTo(406);
    assertThat(r.code()).isEqualTo("PGRST116");
    assertThat(countParents("id=in.(120,121)")).isZero();
  }

  @Test
  void insert_headersOnly_givesLocation() {
    Reply r =
        f.post(
            "/parents",
            "{\"id\":130,\"code\":\"p130\"}",
            bearer(service, "Prefer", "return=headers-only"));
    assertThat(r.status()).isEqualTo(201);
    assertThat(r.header("Location")).isEqualTo("/parents?id=eq.130");
    assertThat(r.body()).isEmpty();
  }

  @Test
  void insert_otherContentTypes_areRefused() {
    Reply r =
        f.execute(
            new okhttp3.Request.Builder()
                .url(f.url("/parents"))
                .post(okhttp3.RequestBody.create("id=1", okhttp3.MediaType.get("text/plain")))
                .build());
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.code()).isEqualTo("PGRST102");
    Reply csv =
        f.execute(
            new okhttp3.Request.Builder()
                .url(f.url("/parents"))
                .post(okhttp3.RequestBody.create("id\n1", okhttp3.MediaType.get("text/csv")))
                .build());
    assertThat(csv.code()).isEqualTo("PGRST127");
  }

  @Test
  void patch_minimal_gives204_andRepresentation200WithRows() {
    f.post(
        "/parents",
        "[{\"id\":140,\"code\":\"p140\"},{\"id\":141,\"code\":\"p141\"}]",
        bearer(service));
    Reply minimal = f.send("PATCH", "/parents?id=eq.140", "{\"code\":\"p140x\"}", bearer(service));
    assertThat(minimal.status()).isEqualTo(204);
    assertThat(minimal.header("Content-Range")).isEqualTo("0-0/*");
    Reply rep =
        f.send(
            "PATCH",
            "/items?id=in.(1,2)&select=note",
            "{\"note\":\"same\"}",
            bearer(service, "Prefer", "return=representation,tx=rollback"));
    assertThat(rep.status()).isEqualTo(200);
    assertThat(rep.json().toString()).isEqualTo("[{\"note\":\"same\"},{\"note\":\"same\"}]");
    assertThat(rep.header("Content-Range")).isEqualTo("0-1/*");
    assertThat(f.get("/items?note=eq.same").body()).isEqualTo("[]");
    Reply notNull = f.send("PATCH", "/parents?id=eq.141", "{\"code\":null}", bearer(service));
    assertThat(notNull.status()).isEqualTo(400);
    assertThat(notNull.code()).isEqualTo("23502");
  }

  @Test
  void patch_noMatchingRows_isNotAnError() {
    Reply r =
        f.send(
            "PATCH",
            "/parents?id=eq.-5",
            "{\"code\":\"zzz\"}",
            bearer(service, "Prefer", "return=representation"));
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("[]");
    assertThat(r.header("Content-Range")).isEqualTo("*/*");
  }

  @Test
  void patch_rlsHiddenRows_areSimplyNotMatched() {
    Reply r =
        f.send(
            "PATCH",
            "/todos?title=eq.bob%201",
            "{\"done\":true}",
            bearer(userToken(GatewayFixture.ALICE), "Prefer", "return=representation,count=exact"));
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("[]");
    assertThat(r.header("Content-Range")).isEqualTo("*/0");
  }

  @Test
  void patch_emptyObject_isANoOp() {
    Reply r = f.send("PATCH", "/parents?id=eq.1", "{}", bearer(service));
    assertThat(r.status()).isEqualTo(204);
    assertThat(countParents("code=eq.one")).isEqualTo(1);
  }

  @Test
  void patch_strictMaxAffected_violated_rollsBackWith400PGRST124() {
    Reply r =
        f.send(
            "PATCH",
            "/items?id=lt.5",
            "{\"note\":\"all\"}",
            bearer(service, "Prefer", "handling=strict, max-affected=2"));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.code()).isEqualTo("PGRST124");
    assertThat(r.json().get("details").asText()).isEqualTo("The query affects 4 rows");
    assertThat(f.get("/items?note=eq.all").body()).isEqualTo("[]");
  }

  @Test
  void delete_representationAndCount() {
    f.post(
        "/parents",
        "[{\"id\":150,\"code\":\"p150\"},{\"id\":151,\"code\":\"p151\"}]",
        bearer(service));
    Reply r =
        f.send(
            "DELETE",
            "/parents?id=in.(150,151)",
            null,
            bearer(service, "Prefer", "return=representation,count=exact"));
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json()).hasSize(2);
    assertThat(r.header("Content-Range")).isEqualTo("*/2");
    Reply minimal = f.send("DELETE", "/parents?id=eq.150", null, bearer(service));
    assertThat(minimal.status()).isEqualTo(204);
    assertThat(minimal.header("Content-Range")).isEqualTo("*/*");
  }

  @Test
  void delete_singular_withTwoMatches_rollsBackAndGives406() {
    f.post(
        "/parents",
        "[{\"id\":160,\"code\":\"p160\"},{\"id\":161,\"code\":\"p161\"}]",
        bearer(service));
    Reply r =
        f.send(
            "DELETE",
            "/parents?id=in.(160,161)",
            null,
            bearer(service, "Accept", "application/vnd.pgrst.object+json"));
    assertThat(r.status()).isEqualTo(406);
    assertThat(r.code()).isEqualTo("PGRST116");
    assertThat(countParents("id=in.(160,161)")).isEqualTo(2);
    Reply minimal =
        f.send(
            "DELETE",
            "/parents?id=eq.160",
            null,
            bearer(service, "Accept", "application/vnd.pgrst.object+json"));
    assertThat(minimal.status()).isEqualTo(204); // return=minimal: checked for one row, but no body
    assertThat(minimal.body()).isEmpty();
    Reply one =
        f.send(
            "DELETE",
            "/parents?id=eq.161",
            null,
            bearer(
                service,
                "Accept",
                "application/vnd.pgrst.object+json",
                "Prefer",
                "return=representation"));
    assertThat(one.status()).isEqualTo(200);
    assertThat(one.header("Content-Type"))
        .isEqualTo("application/vnd.pgrst.object+json; charset=utf-8");
    assertThat(one.json().get("code").asText()).isEqualTo("p161");
  }

  @Test
  void delete_restrictedByForeignKey_gives409() {
    Reply r = f.send("DELETE", "/parents?id=eq.1", null, bearer(service));
    assertThat(r.status()).isEqualTo(409);
    assertThat(r.code()).isEqualTo("23503");
  }

  @Test
  void delete_withTxRollback_keepsTheRow() {
    Reply r = f.send("DELETE", "/parents?id=eq.2", null, bearer(service, "Prefer", "tx=rollback"));
    assertThat(r.status()).isEqualTo(204);
    assertThat(countParents("id=eq.2")).isEqualTo(1);
  }

  @Test
  void mutation_withLimit_isRefusedRatherThanWideningTheWrite() {
    Reply r = f.send("DELETE", "/parents?limit=1", null, bearer(service));
    assertThat(r.code()).isEqualTo("PGRST127");
  }

  @Test
  void strictHandling_withUnknownPreference_gives400PGRST122() {
    Reply r = f.get("/items", "Prefer", "handling=strict, foo=bar");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.code()).isEqualTo("PGRST122");
    assertThat(r.json().get("details").asText()).isEqualTo("Invalid preferences: foo=bar");
    Reply lenient = f.get("/items?id=eq.1", "Prefer", "foo=bar");
    assertThat(lenient.status()).isEqualTo(200);
    assertThat(lenient.header("Preference-Applied")).isNull();
  }

  @Test
  void write_inReadOnlyContext_neverHappensThroughGet() {
    Reply r = f.get("/rpc/add_parent?p_id=160&p_code=p160", bearer(service));
    assertThat(r.status()).isEqualTo(405);
    assertThat(r.code()).isEqualTo("25006");
    assertThat(countParents("id=eq.160")).isZero();
  }
}
