package no.likeperson.testkit.gateway;

import static no.likeperson.testkit.gateway.EmbeddingConformanceTest.sql;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import no.likeperson.supabase.LocalDatabase;
import no.likeperson.testkit.gateway.GatewayFixture.Reply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Embedding beyond foreign keys between tables, over HTTP (PostgREST v13 semantics), on a schema of
 * its own: relationships of views (derived from their base tables' keys, through a chain of views
 * and over tables of a schema that is not exposed; none for a UNION view), computed relationships
 * (functions of the row type: {@code SETOF t ROWS 1} to-one, {@code SETOF t} to-many, a single
 * {@code t} to-one, one overriding a foreign key), the parents' order by a to-one embedded column,
 * aggregates inside an embedded resource, and row-level security through views and functions.
 * Expected values are computed from the base tables over JDBC as superuser.
 */
class EmbeddingRelationshipsTest {
  private static final String SCHEMA =
      """
      drop schema if exists embedv cascade;
      drop schema if exists embedv_private cascade;
      create schema embedv;
      create schema embedv_private;
      create table embedv.orgs (id int primary key, name text not null, city text);
      create table embedv.people (id int primary key, name text not null, org_id int references embedv.orgs(id),
        mentor_id int references embedv.people(id));
      create table embedv.activities (id int primary key, person_id int not null references embedv.people(id),
        minutes int, kind text not null);
      create table embedv.notes (id int primary key, org_id int not null references embedv.orgs(id), body text);
      alter table embedv.notes enable row level security;
      create policy notes_own_org on embedv.notes for select to authenticated
        using (org_id = (nullif(current_setting('request.jwt.claims', true), '')::json->>'org')::int);
      create table embedv.tags (id int primary key, label text not null);
      create table embedv.activity_tags (activity_id int references embedv.activities(id),
        tag_id int references embedv.tags(id), primary key (activity_id, tag_id));
      create table embedv_private.teams (id int primary key, name text not null);
      create table embedv_private.members (id int primary key, team_id int references embedv_private.teams(id),
        name text not null);

      create view embedv.people_view as
        select p.id as person_id, p.name as person_name, p.org_id as org from embedv.people p;
      create view embedv.people_names as select person_id, person_name, org from embedv.people_view;
      create view embedv.org_list as select o.id as org_key, o.name from embedv.orgs o;
      create view embedv.notes_view with (security_invoker = true) as
        select n.id, n.org_id, n.body from embedv.notes n;
      create view embedv.org_totals as select s.org_id, count(*) as n
        from (select org_id from embedv.people union all select org_id from embedv.notes) s group by s.org_id;
      create view embedv.mentorships as select p.id as mentee_id, p.mentor_id as mentor_key from embedv.people p;
      create view embedv.activity_tags_view as select activity_id, tag_id from embedv.activity_tags;
      create view embedv.teams as select id, name from embedv_private.teams;
      create view embedv.members as select id, team_id, name from embedv_private.members;

      create function embedv.mentor(embedv.people) returns setof embedv.people rows 1 stable language sql
        as $$ select * from embedv.people where id = $1.mentor_id $$;
      create function embedv.mentees(embedv.people) returns setof embedv.people stable language sql
        as $$ select * from embedv.people where mentor_id = $1.id $$;
      create function embedv.people(embedv.activities) returns setof embedv.people rows 1 stable language sql
        as $$ select * from embedv.people where id = $1.person_id and name <> 'Bo' $$;
      create function embedv.latest_activity(embedv.people) returns embedv.activities stable language sql
        as $$ select * from embedv.activities where person_id = $1.id order by id desc limit 1 $$;
      create function embedv.org_notes(embedv.orgs) returns setof embedv.notes stable language sql
        as $$ select * from embedv.notes where org_id = $1.id $$;
      create function embedv.people_of(p_org int) returns setof embedv.people stable language sql
        as $$ select * from embedv.people where org_id = p_org $$;
      grant usage on schema embedv to anon, authenticated, service_role;
      grant select, insert, update, delete on all tables in schema embedv to anon, authenticated, service_role;
      grant execute on all functions in schema embedv to anon, authenticated, service_role;

      insert into embedv.orgs values (1, 'Oslo', 'Oslo'), (2, 'Bergen', 'Bergen'), (3, 'Tom', null);
      insert into embedv.people values (1, 'Ada', 1, null), (2, 'Bo', 1, 1), (3, 'Cy', 2, 1), (4, 'Di', null, 3),
        (5, 'Ed', 3, null);
      insert into embedv.activities values (1, 1, 60, 'walk'), (2, 1, 30, 'talk'), (3, 2, 45, 'walk'),
        (4, 3, 20, 'walk'), (5, 3, 10, 'talk'), (6, 3, 5, 'talk');
      insert into embedv.notes values (1, 1, 'oslo note'), (2, 2, 'bergen secret'), (3, 1, 'oslo note 2');
      insert into embedv.tags values (1, 'outdoor'), (2, 'group'), (3, 'unused');
      insert into embedv.activity_tags values (1, 1), (1, 2), (3, 1);
      insert into embedv_private.teams values (1, 'red'), (2, 'blue'), (3, 'empty');
      insert into embedv_private.members values (1, 1, 'm1'), (2, 1, 'm2'), (3, 2, 'm3');
      """;

  private static final GatewayFixture f = GatewayFixture.get();
  private static PostgrestGateway gw;
  private static PostgrestGateway aggregates;

  @BeforeAll
  static void start() {
    f.db.execute(SCHEMA);
    gw = gateway(false);
    aggregates = gateway(true);
  }

  private static PostgrestGateway gateway(boolean aggregatesEnabled) {
    return PostgrestGateway.start(
        GatewayConfig.builder()
            .jdbcUrl(
                f.db.authenticatorJdbcUrl(),
                LocalDatabase.AUTHENTICATOR,
                f.db.authenticatorPassword())
            .jwtSecret(GatewayFixture.SECRET)
            .schemas(List.of("embedv"))
            .poolSize(1)
            .aggregatesEnabled(aggregatesEnabled)
            .build());
  }

  @AfterAll
  static void stop() {
    gw.close();
    aggregates.close();
  }

  private static Reply get(String pathAndQuery, String... headers) {
    return on(gw, pathAndQuery, headers);
  }

  private static Reply on(PostgrestGateway g, String pathAndQuery, String... headers) {
    return f.sendTo(g, "GET", pathAndQuery, null, headers);
  }

  private static Reply send(String method, String pathAndQuery, String body, String... headers) {
    return f.sendTo(gw, method, pathAndQuery, body, headers);
  }

  private static String orgUser(int org) {
    return "Bearer " + GatewayFixture.orgToken(org);
  }

  /** Each row as "id|embedded", the embedded value rendered by {@code render}. */
  private static List<String> rows(
      Reply r, String id, java.util.function.Function<JsonNode, String> render) {
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    List<String> out = new ArrayList<>();
    r.json().forEach(row -> out.add(row.get(id).asText() + "|" + render.apply(row)));
    return out;
  }

  /** The values of {@code field} in an embedded array, joined with commas ("" when empty). */
  private static String names(JsonNode array, String field) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.get(field).asText()));
    return String.join(",", out);
  }

  private static String nameOrNull(JsonNode object) {
    return object.isNull() ? "null" : object.get("name").asText();
  }

  // ---------------------------------------------------------------- views

  @Test
  void view_embedsAndIsEmbedded_throughItsBaseTablesForeignKeys() {
    assertThat(
            rows(
                get("/people_view?select=person_id,orgs(name)&order=person_id"),
                "person_id",
                r -> nameOrNull(r.get("orgs"))))
        .containsExactlyElementsOf(
            sql(
                "select p.id, coalesce(o.name, 'null') from embedv.people p"
                    + " left join embedv.orgs o on o.id = p.org_id order by p.id"));
    assertThat(
            rows(
                get(
                    "/orgs?select=id,people_view(person_name)&order=id&people_view.order=person_name"),
                "id",
                r -> names(r.get("people_view"), "person_name")))
        .containsExactlyElementsOf(
            sql(
                "select o.id, coalesce(string_agg(p.name, ',' order by p.name), '')"
                    + " from embedv.orgs o left join embedv.people p on p.org_id = o.id group by o.id order by o.id"));
    // a table's foreign key to the view's base table: many-to-one onto the view
    assertThat(
            rows(
                get("/activities?select=id,people_view(person_name)&order=id"),
                "id",
                r -> r.get("people_view").get("person_name").asText()))
        .containsExactlyElementsOf(
            sql(
                "select a.id, p.name from embedv.activities a"
                    + " join embedv.people p on p.id = a.person_id order by a.id"));
  }

  @Test
  void view_chainOfViews_andViewToView() {
    // people_names reads people_view reads people; org_list reads orgs
    assertThat(
            rows(
                get("/people_names?select=person_id,org_list(name)&order=person_id"),
                "person_id",
                r -> nameOrNull(r.get("org_list"))))
        .containsExactlyElementsOf(
            sql(
                "select p.id, coalesce(o.name, 'null') from embedv.people p"
                    + " left join embedv.orgs o on o.id = p.org_id order by p.id"));
    assertThat(
            rows(
                get("/org_list?select=org_key,people_names(person_id)&order=org_key"),
                "org_key",
                r -> names(r.get("people_names"), "person_id")))
        .containsExactlyElementsOf(
            sql(
                "select o.id, coalesce(string_agg(p.id::text, ',' order by p.id), '')"
                    + " from embedv.orgs o left join embedv.people p on p.org_id = o.id group by o.id order by o.id"));
  }

  @Test
  void view_overTablesOfASchemaThatIsNotExposed() {
    assertThat(
            rows(
                get("/teams?select=id,members(name)&order=id&members.order=name"),
                "id",
                r -> names(r.get("members"), "name")))
        .containsExactlyElementsOf(
            sql(
                "select t.id, coalesce(string_agg(m.name, ',' order by m.name), '')"
                    + " from embedv_private.teams t left join embedv_private.members m on m.team_id = t.id"
                    + " group by t.id order by t.id"));
    Reply back = get("/members?select=name,teams(name)&id=eq.3");
    assertThat(back.json().toString())
        .isEqualTo("[{\"name\":\"m3\",\"teams\":{\"name\":\"blue\"}}]");
  }

  @Test
  void view_whoseColumnsComeFromAUnion_hasNoRelationship_asInPostgrest() {
    Reply r = get("/org_totals?select=org_id,orgs(name)");
    assertThat(r.status()).as(r.body()).isEqualTo(400);
    assertThat(r.code()).isEqualTo("PGRST200");
    assertThat(r.json().get("message").asText())
        .isEqualTo(
            "Could not find a relationship between 'org_totals' and 'orgs' in the schema cache");
  }

  @Test
  void view_rowLevelSecurityOfItsBaseTable_applies() {
    Reply r =
        get(
            "/orgs?select=id,notes_view(org_id,body)&order=id&notes_view.order=id",
            "Authorization",
            orgUser(1));
    assertThat(rows(r, "id", o -> names(o.get("notes_view"), "org_id")))
        .containsExactlyElementsOf(
            sql(
                "select o.id, coalesce(string_agg(n.org_id::text, ',' order by n.id)"
                    + " filter (where n.org_id = 1), '') from embedv.orgs o left join embedv.notes n on n.org_id = o.id"
                    + " group by o.id order by o.id"));
    assertThat(r.body()).doesNotContain("bergen secret");
  }

  @Test
  void view_bothDirectionsOfOneKey_are300Pgrst201_untilAColumnHintPicksOne() {
    Reply r = get("/mentorships?select=mentee_id,people(name)");
    assertThat(r.status()).as(r.body()).isEqualTo(300);
    assertThat(r.code()).isEqualTo("PGRST201");
    assertThat(r.json().get("details").toString())
        .isEqualTo(
            "[{\"cardinality\":\"many-to-one\",\"embedding\":"
                + "\"mentorships with people\",\"relationship\":\"people_mentor_id_fkey using mentorships(mentor_key) and"
                + " people(id)\"},{\"cardinality\":\"one-to-many\",\"embedding\":\"mentorships with people\","
                + "\"relationship\":\"people_mentor_id_fkey using mentorships(mentee_id) and people(mentor_id)\"}]");
    assertThat(
            rows(
                get("/mentorships?select=mentee_id,mentor:people!mentor_key(name)&order=mentee_id"),
                "mentee_id",
                m -> nameOrNull(m.get("mentor"))))
        .containsExactlyElementsOf(
            sql(
                "select p.id, coalesce(m.name, 'null') from embedv.people p"
                    + " left join embedv.people m on m.id = p.mentor_id order by p.id"));
  }

  @Test
  void view_withItsBaseTablesPrimaryKey_isAJoinTable_besideTheTableItself() {
    // the view shows activity_tags' whole primary key, so it is a second join table: ambiguous, as
    // in PostgREST
    Reply both = get("/activities?select=id,tags(label)");
    assertThat(both.status()).as(both.body()).isEqualTo(300);
    assertThat(both.json().get("hint").asText())
        .isEqualTo(
            "Try changing 'tags' to one of the following: "
                + "'tags!activity_tags', 'tags!activity_tags_view'. Find the desired relationship in the 'details' key.");
    assertThat(both.json().get("details").get(1).get("relationship").asText())
        .isEqualTo(
            "activity_tags_view using"
                + " activity_tags_activity_id_fkey(activity_id) and activity_tags_tag_id_fkey(tag_id)");
    assertThat(
            rows(
                get(
                    "/activities?select=id,tags!activity_tags_view(label)&order=id&tags.order=label"),
                "id",
                a -> names(a.get("tags"), "label")))
        .containsExactlyElementsOf(
            sql(
                "select a.id, coalesce(string_agg(t.label, ',' order by t.label), '')"
                    + " from embedv.activities a left join embedv.activity_tags x on x.activity_id = a.id"
                    + " left join embedv.tags t on t.id = x.tag_id group by a.id order by a.id"));
  }

  // ---------------------------------------------------------------- computed relationships

  @Test
  void computedRelationship_setofRows1IsToOne_setofIsToMany() {
    Reply r = get("/people?select=id,mentor(name),mentees(name)&order=id&mentees.order=name");
    assertThat(
            rows(r, "id", p -> nameOrNull(p.get("mentor")) + "|" + names(p.get("mentees"), "name")))
        .containsExactlyElementsOf(
            sql(
                "select p.id, coalesce(m.name, 'null'), coalesce((select string_agg(c.name,"
                    + " ',' order by c.name) from embedv.people c where c.mentor_id = p.id), '') from embedv.people p"
                    + " left join embedv.people m on m.id = p.mentor_id order by p.id"));
    // nested, with a filter on the computed resource
    Reply nested = get("/people?select=id,mentees(name,mentees(name))&id=eq.1&mentees.name=eq.Cy");
    assertThat(nested.json().toString())
        .isEqualTo("[{\"id\":1,\"mentees\":[{\"name\":\"Cy\",\"mentees\":[{\"name\":\"Di\"}]}]}]");
  }

  @Test
  void computedRelationship_spreadInnerAndIsNull() {
    Reply spread = get("/people?select=id,...mentor(mentor_name:name)&order=id");
    assertThat(
            rows(
                spread,
                "id",
                p -> p.get("mentor_name").isNull() ? "null" : p.get("mentor_name").asText()))
        .containsExactlyElementsOf(
            sql(
                "select p.id, coalesce(m.name, 'null') from embedv.people p"
                    + " left join embedv.people m on m.id = p.mentor_id order by p.id"));
    List<String> withMentees = new ArrayList<>();
    get("/people?select=id,mentees!inner()&order=id", "Prefer", "count=exact")
        .json()
        .forEach(p -> withMentees.add(p.get("id").asText()));
    List<String> expected =
        sql("select distinct mentor_id from embedv.people where mentor_id is not null order by 1");
    assertThat(withMentees).containsExactlyElementsOf(expected);
    List<String> without = new ArrayList<>();
    get("/people?select=id,mentor()&mentor=is.null&order=id")
        .json()
        .forEach(p -> without.add(p.get("id").asText()));
    assertThat(without)
        .containsExactlyElementsOf(
            sql("select id from embedv.people where mentor_id is null order by id"));
  }

  @Test
  void computedRelationship_overridesTheForeignKey_andAFunctionReturningOneRowIsToOne() {
    // embedv.people(activities) leaves out 'Bo': the function answers, not
    // activities_person_id_fkey
    assertThat(
            rows(
                get("/activities?select=id,people(name)&order=id"),
                "id",
                a -> nameOrNull(a.get("people"))))
        .containsExactlyElementsOf(
            sql(
                "select a.id, case when p.name = 'Bo' then 'null' else p.name end"
                    + " from embedv.activities a join embedv.people p on p.id = a.person_id order by a.id"));
    Reply latest = get("/people?select=id,latest_activity(id,kind)&id=in.(1,3)&order=id");
    assertThat(rows(latest, "id", p -> p.get("latest_activity").get("id").asText()))
        .containsExactlyElementsOf(
            sql(
                "select person_id, max(id) from embedv.activities where person_id in (1, 3)"
                    + " group by person_id order by person_id"));
    assertThat(get("/people?select=id,nosuch(name)").code()).isEqualTo("PGRST200");
  }

  @Test
  void computedRelationship_rowLevelSecurityOfTheReturnedTable_applies() {
    Reply r = get("/orgs?select=id,org_notes(body)&order=id", "Authorization", orgUser(2));
    assertThat(rows(r, "id", o -> names(o.get("org_notes"), "body")))
        .containsExactlyElementsOf(
            sql(
                "select o.id, coalesce(string_agg(n.body, ',') filter (where n.org_id = 2),"
                    + " '') from embedv.orgs o left join embedv.notes n on n.org_id = o.id group by o.id order by o.id"));
    assertThat(r.body()).doesNotContain("oslo note");
    assertThat(get("/orgs?select=id,org_notes!inner(body)").json().toString()).isEqualTo("[]");
  }

  @Test
  void computedRelationship_onWriteRepresentationAndRpcResults() {
    String svc = "Bearer " + GatewayFixture.serviceToken();
    Reply ins =
        send(
            "POST",
            "/people?select=id,mentor(name),orgs(name)",
            "{\"id\":60,\"name\":\"New\",\"org_id\":2,\"mentor_id\":3}",
            "Authorization",
            svc,
            "Prefer",
            "return=representation");
    assertThat(ins.status()).as(ins.body()).isEqualTo(201);
    assertThat(ins.json().toString())
        .isEqualTo("[{\"id\":60,\"mentor\":{\"name\":\"Cy\"},\"orgs\":{\"name\":\"Bergen\"}}]");
    Reply del =
        send(
            "DELETE",
            "/people?id=eq.60&select=id,mentor(name)",
            "",
            "Authorization",
            svc,
            "Prefer",
            "return=representation");
    assertThat(del.json().toString()).isEqualTo("[{\"id\":60,\"mentor\":{\"name\":\"Cy\"}}]");
    assertThat(sql("select 1 from embedv.people where id = 60")).isEmpty();

    Reply rpc = get("/rpc/people_of?p_org=1&select=id,mentees(name),orgs(name)&order=id");
    assertThat(
            rows(
                rpc,
                "id",
                p -> names(p.get("mentees"), "name") + "|" + p.get("orgs").get("name").asText()))
        .containsExactlyElementsOf(
            sql(
                "select p.id, coalesce((select string_agg(c.name, ',' order by c.name)"
                    + " from embedv.people c where c.mentor_id = p.id), ''), o.name from embedv.people p"
                    + " join embedv.orgs o on o.id = p.org_id where p.org_id = 1 order by p.id"));
  }

  // ---------------------------------------------------------------- related order

  @Test
  void relatedOrder_sortsTheParentsByAToOneColumn_selectedOrNot() {
    assertThat(
            rows(
                get("/people?select=id,orgs(name)&order=orgs(name).desc.nullslast,id"),
                "id",
                p -> nameOrNull(p.get("orgs"))))
        .containsExactlyElementsOf(
            sql(
                "select p.id, coalesce(o.name, 'null') from embedv.people p"
                    + " left join embedv.orgs o on o.id = p.org_id order by o.name desc nulls last, p.id"));
    // by a column the embed does not select, nulls first
    List<String> ids = new ArrayList<>();
    get("/people?select=id,orgs(id)&order=orgs(city).asc.nullsfirst,id")
        .json()
        .forEach(p -> ids.add(p.get("id").asText()));
    assertThat(ids)
        .containsExactlyElementsOf(
            sql(
                "select p.id from embedv.people p left join embedv.orgs o"
                    + " on o.id = p.org_id order by o.city asc nulls first, p.id"));
    // through a computed to-one relationship, a view, and with an alias
    assertThat(
            rows(
                get("/people?select=id,boss:mentor(name)&order=boss(name),id"),
                "id",
                p -> nameOrNull(p.get("boss"))))
        .containsExactlyElementsOf(
            sql(
                "select p.id, coalesce(m.name, 'null') from embedv.people p"
                    + " left join embedv.people m on m.id = p.mentor_id order by m.name, p.id"));
    assertThat(
            rows(
                get(
                    "/activities?select=id,people_view(person_name)&order=people_view(person_name).desc,id"),
                "id",
                a -> a.get("people_view").get("person_name").asText()))
        .containsExactlyElementsOf(
            sql(
                "select a.id, p.name from embedv.activities a join embedv.people p"
                    + " on p.id = a.person_id order by p.name desc, a.id"));
  }

  @Test
  void relatedOrder_insideAnEmbeddedResource_andOnRpcResults() {
    Reply r =
        get(
            "/orgs?select=id,people(id,mentor(name))&id=eq.1&people.order=mentor(name).desc.nullslast,id");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    List<String> ids = new ArrayList<>();
    r.json().get(0).get("people").forEach(p -> ids.add(p.get("id").asText()));
    assertThat(ids)
        .containsExactlyElementsOf(
            sql(
                "select p.id from embedv.people p left join embedv.people m"
                    + " on m.id = p.mentor_id where p.org_id = 1 order by m.name desc nulls last, p.id"));
    Reply rpc =
        get("/rpc/people_of?p_org=1&select=id,mentor(name)&order=mentor(name).desc.nullslast,id");
    assertThat(rows(rpc, "id", p -> nameOrNull(p.get("mentor"))))
        .containsExactlyElementsOf(
            sql(
                "select p.id, coalesce(m.name, 'null') from embedv.people p left join"
                    + " embedv.people m on m.id = p.mentor_id where p.org_id = 1 order by m.name desc nulls last, p.id"));
    assertThat(get("/rpc/people_of?p_org=1&select=id&order=orgs(name)").code())
        .isEqualTo("PGRST108");
  }

  @Test
  void relatedOrder_onAToManyResource_is400Pgrst118_andOnOneNotEmbedded_is400Pgrst108() {
    Reply many = get("/orgs?select=id,people(name)&order=people(name)");
    assertThat(many.status()).isEqualTo(400);
    assertThat(many.code()).isEqualTo("PGRST118");
    assertThat(many.json().get("message").asText())
        .isEqualTo("A related order on 'people' is not possible");
    assertThat(many.json().get("details").asText())
        .isEqualTo("'orgs' and 'people' do not form a many-to-one or one-to-one relationship");
    assertThat(many.json().get("hint").isNull()).isTrue();
    Reply missing = get("/people?select=id&order=orgs(name)");
    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.code()).isEqualTo("PGRST108");
    assertThat(missing.json().get("message").asText())
        .isEqualTo("'orgs' is not an embedded resource in this request");
    assertThat(missing.json().get("hint").asText())
        .isEqualTo("Verify that 'orgs' is included in the 'select' query parameter.");
    assertThat(get("/people?select=id,mentor(name)&order=orgs(name)").code()).isEqualTo("PGRST108");
    // the column is checked and quoted, the table left alone
    Reply hostile =
        get(
            "/people?select=id,orgs(name)&order=orgs(%22name%5C%22;drop%20table%20embedv.notes;--%22)");
    assertThat(hostile.status()).isEqualTo(400);
    assertThat(hostile.code()).isEqualTo("42703");
    assertThat(sql("select count(*) from embedv.notes")).containsExactly("3");
  }

  // ---------------------------------------------------------------- aggregates

  @Test
  void aggregatesInsideAnEmbeddedResource_groupPerParent_andAreRefusedWhileDisabled() {
    Reply r =
        on(
            aggregates,
            "/people?select=id,activities(kind,total:minutes.sum(),count())&order=id"
                + "&activities.order=kind");
    assertThat(
            rows(
                r,
                "id",
                p -> {
                  List<String> groups = new ArrayList<>();
                  p.get("activities")
                      .forEach(
                          g ->
                              groups.add(
                                  g.get("kind").asText()
                                      + ":"
                                      + g.get("total").asText()
                                      + ":"
                                      + g.get("count").asText()));
                  return String.join(",", groups);
                }))
        .containsExactlyElementsOf(
            sql(
                "select p.id, coalesce((select string_agg(g, ',' order by g) from"
                    + " (select a.kind || ':' || sum(a.minutes) || ':' || count(*) g from embedv.activities a"
                    + " where a.person_id = p.id group by a.kind) x), '') from embedv.people p order by p.id"));
    // a to-one resource aggregates its one row; spread and aggregates beside an embed are not
    // supported
    Reply toOne = on(aggregates, "/activities?select=id,people_view(person_id.count())&id=eq.1");
    assertThat(toOne.json().toString()).isEqualTo("[{\"id\":1,\"people_view\":{\"count\":1}}]");
    assertThat(on(aggregates, "/people?select=minutes:id.sum(),orgs(name)").code())
        .isEqualTo("PGRST127");

    Reply off = get("/people?select=id,activities(minutes.sum())");
    assertThat(off.status()).isEqualTo(400);
    assertThat(off.code()).isEqualTo("PGRST123");
    assertThat(off.json().get("message").asText())
        .isEqualTo("Use of aggregate functions is not allowed");
  }
}
