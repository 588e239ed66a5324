package no.likeperson.testkit.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import no.likeperson.testkit.gateway.QueryGrammar.Field;
import no.likeperson.testkit.gateway.QueryGrammar.Filter;
import no.likeperson.testkit.gateway.QueryGrammar.ParseFailure;
import no.likeperson.testkit.gateway.QueryGrammar.SelectItem;
import no.likeperson.testkit.gateway.QueryGrammar.Tree;
import org.junit.jupiter.api.Test;

/** Pure parser tests of the URL grammar (reference §3.1-§3.4). */
class QueryGrammarTest {
  private static final Field ID = new Field("id", List.of());

  @Test
  void filter_keepsDotsInTheValue() throws Exception {
    Filter f = QueryGrammar.parseFilter(ID, "eq.1.5.x");
    assertThat(f.op()).isEqualTo("eq");
    assertThat(f.value()).isEqualTo("1.5.x");
  }

  @Test
  void filter_notAndModifiers() throws Exception {
    Filter f = QueryGrammar.parseFilter(ID, "not.like(any).{a*,b*}");
    assertThat(f.negated()).isTrue();
    assertThat(f.modifier()).isEqualTo("any");
    assertThat(f.value()).isEqualTo("{a*,b*}");
    assertThat(QueryGrammar.parseFilter(ID, "fts(english).cat").modifier()).isEqualTo("english");
  }

  @Test
  void filter_inList_withQuotedElements() throws Exception {
    Filter f = QueryGrammar.parseFilter(ID, "in.(1,\"a,b\",\"q\\\"x\",)");
    assertThat(f.values()).containsExactly("1", "a,b", "q\"x", "");
  }

  @Test
  void filter_isAcceptsOnlyTrileanAndNull() throws Exception {
    assertThat(QueryGrammar.parseFilter(ID, "is.NULL").value()).isEqualTo("null");
    assertThat(QueryGrammar.parseFilter(ID, "is.not_null").value()).isEqualTo("not_null");
    assertThatThrownBy(() -> QueryGrammar.parseFilter(ID, "is.1")).isInstanceOf(ParseFailure.class);
  }

  @Test
  void filter_unknownOperator_failsWithPostgrestMessage() {
    assertThatThrownBy(() -> QueryGrammar.parseFilter(ID, "noop.0"))
        .isInstanceOf(ParseFailure.class)
        .hasMessage("\"failed to parse filter (noop.0)\" (line 1, column 1)");
    assertThatThrownBy(() -> QueryGrammar.parseFilter(ID, "eq(some).1"))
        .isInstanceOf(ParseFailure.class);
    assertThatThrownBy(() -> QueryGrammar.parseFilter(ID, "is(any).null"))
        .isInstanceOf(ParseFailure.class);
    assertThatThrownBy(() -> QueryGrammar.parseFilter(ID, "in.1,2"))
        .isInstanceOf(ParseFailure.class);
  }

  @Test
  void rpcArgument_isAValueThatIsNotAFilter() {
    assertThat(QueryGrammar.looksLikeFilter("eq.1")).isTrue();
    assertThat(QueryGrammar.looksLikeFilter("1")).isFalse();
    assertThat(QueryGrammar.looksLikeFilter("Kari")).isFalse();
  }

  @Test
  void key_withJsonPath() throws Exception {
    Field f = QueryGrammar.parseKey("data->a->>b");
    assertThat(f.name()).isEqualTo("data");
    assertThat(f.path()).hasSize(2);
    assertThat(f.path().get(1).asText()).isTrue();
    assertThat(f.outputName()).isEqualTo("b");
    Field idx = QueryGrammar.parseKey("arr->-1");
    assertThat(idx.path().get(0).index()).isEqualTo(-1);
    assertThat(QueryGrammar.parseKey("first-name").name()).isEqualTo("first-name");
    assertThat(QueryGrammar.parseKey("\"a.b\"").name()).isEqualTo("a.b");
  }

  @Test
  void tree_nestedWithNegationAndQuotedValues() throws Exception {
    Tree t =
        QueryGrammar.parseTree(
            false, true, "(a.eq.1,not.and(b.gt.2,c.in.(3,4)),d.eq.\"x,y)\",e.cs.{1,2})");
    assertThat(t.children()).hasSize(4);
    Tree inner = (Tree) t.children().get(1);
    assertThat(inner.negated()).isTrue();
    assertThat(inner.or()).isFalse();
    assertThat(((Filter) inner.children().get(1)).values()).containsExactly("3", "4");
    assertThat(((Filter) t.children().get(2)).value()).isEqualTo("x,y)");
    assertThat(((Filter) t.children().get(3)).value()).isEqualTo("{1,2}");
  }

  @Test
  void tree_unbalanced_fails() {
    assertThatThrownBy(() -> QueryGrammar.parseTree(false, true, "(a.eq.1"))
        .isInstanceOf(ParseFailure.class);
    assertThatThrownBy(() -> QueryGrammar.parseTree(false, true, "a.eq.1"))
        .isInstanceOf(ParseFailure.class);
  }

  @Test
  void select_aliasCastJsonPathAndStar() throws Exception {
    List<SelectItem> items = QueryGrammar.parseSelect("*,n:name,qty::text,data->>k,\"Odd Name\"");
    assertThat(items.get(0).star()).isTrue();
    assertThat(items.get(1).alias()).isEqualTo("n");
    assertThat(items.get(2).cast()).isEqualTo("text");
    assertThat(items.get(3).field().outputName()).isEqualTo("k");
    assertThat(items.get(4).field().name()).isEqualTo("Odd Name");
  }

  @Test
  void select_embedding_parsesAliasHintJoinTypeSpreadAndNesting() throws Exception {
    List<SelectItem> items =
        QueryGrammar.parseSelect("id,a:rel!fk_x!inner(*,sub(name)),...other(x:y),empty()");
    QueryGrammar.Embed a = items.get(1).embed();
    assertThat(items.get(1).alias()).isEqualTo("a");
    assertThat(a.name()).isEqualTo("rel");
    assertThat(a.hint()).isEqualTo("fk_x");
    assertThat(a.inner()).isTrue();
    assertThat(a.select().get(1).embed().name()).isEqualTo("sub");
    assertThat(items.get(2).embed().spread()).isTrue();
    assertThat(items.get(2).embed().select().get(0).alias()).isEqualTo("x");
    assertThat(items.get(3).embed().select()).isEmpty();
    assertThat(QueryGrammar.parseSelect("r!left(*)").get(0).embed().inner()).isFalse();
    assertThatThrownBy(() -> QueryGrammar.parseSelect("rel(id"))
        .isInstanceOf(QueryGrammar.ParseFailure.class);
    assertThatThrownBy(() -> QueryGrammar.parseSelect("rel!a!b!c(id)"))
        .isInstanceOf(QueryGrammar.ParseFailure.class);
    assertThatThrownBy(() -> QueryGrammar.parseSelect("...rel"))
        .isInstanceOf(QueryGrammar.ParseFailure.class);
  }

  @Test
  void select_aggregates_parseWithAliasAndResultCast() throws Exception {
    List<SelectItem> items = QueryGrammar.parseSelect("count(),t:amount.sum()::int,amount.avg()");
    assertThat(items.get(0).aggregate()).isEqualTo("count");
    assertThat(items.get(0).field()).isNull();
    assertThat(items.get(1).alias()).isEqualTo("t");
    assertThat(items.get(1).cast()).isEqualTo("int");
    assertThat(items.get(2).field().name()).isEqualTo("amount");
    assertThatThrownBy(() -> QueryGrammar.parseSelect("amount::int.sum()"))
        .isInstanceOfSatisfying(
            GatewayException.class, e -> assertThat(e.code).isEqualTo("PGRST127"));
  }

  @Test
  void order_directionsNulls_andGarbage() throws Exception {
    var terms = QueryGrammar.parseOrder("a.desc.nullsfirst,b,c.nullslast");
    assertThat(terms.get(0).descending()).isTrue();
    assertThat(terms.get(0).nullsFirst()).isTrue();
    assertThat(terms.get(1).descending()).isNull();
    assertThat(terms.get(2).nullsFirst()).isFalse();
    assertThatThrownBy(() -> QueryGrammar.parseOrder("a;drop")).isInstanceOf(ParseFailure.class);
    assertThatThrownBy(() -> QueryGrammar.parseOrder("a.up")).isInstanceOf(ParseFailure.class);
  }

  @Test
  void sqlWriter_quotesIdentifiers_andArrayLiteralsEscape() {
    assertThat(SqlWriter.ident("a\"b")).isEqualTo("\"a\"\"b\"");
    assertThat(SqlWriter.ident("a\0b")).isEqualTo("\"a\"");
    assertThat(SqlWriter.pgArrayLiteral(List.of("a", "b\"c", "d\\e")))
        .isEqualTo("{\"a\",\"b\\\"c\",\"d\\\\e\"}");
  }

  @Test
  void preferences_firstTokenOfEachFamilyWins_unknownCollected() {
    Preferences p =
        Preferences.parse(
            List.of("return=representation, count=exact", "return=minimal, foo, tx=rollback"));
    assertThat(p.returnPref()).isEqualTo("representation");
    assertThat(p.count()).isEqualTo("exact");
    assertThat(p.tx()).isEqualTo("rollback");
    assertThat(p.invalid()).containsExactly("foo");
  }

  @Test
  void accept_negotiation_honoursQualityValues() {
    assertThat(Media.negotiate(null)).isEqualTo(Media.ARRAY);
    assertThat(Media.negotiate("text/html;q=0.9, application/vnd.pgrst.object+json"))
        .isEqualTo(Media.OBJECT);
    assertThat(Media.negotiate("text/html, */*;q=0.1")).isEqualTo(Media.ARRAY);
  }

  @Test
  void order_relatedTerm_namesTheEmbeddedResourceAndItsField() throws Exception {
    var terms = QueryGrammar.parseOrder("orgs(name).desc.nullsfirst,id,boss(data->>k)");
    assertThat(terms.get(0).relation()).isEqualTo("orgs");
    assertThat(terms.get(0).field()).isEqualTo(new Field("name", List.of()));
    assertThat(terms.get(0).descending()).isTrue();
    assertThat(terms.get(0).nullsFirst()).isTrue();
    assertThat(terms.get(1).relation()).isNull();
    assertThat(terms.get(2).relation()).isEqualTo("boss");
    assertThat(terms.get(2).field().path()).hasSize(1);
    assertThatThrownBy(() -> QueryGrammar.parseOrder("orgs(name")).isInstanceOf(ParseFailure.class);
    assertThatThrownBy(() -> QueryGrammar.parseOrder("orgs(name;x)"))
        .isInstanceOf(ParseFailure.class);
  }
}
