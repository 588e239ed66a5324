package no.likeperson.testkit.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Pure tests of reading view column origins from PostgreSQL's node-tree text of a stored view
 * query.
 */
class ViewKeysTest {

  @Test
  void origins_comeFromTheOutermostTargetList_only() {
    String tree =
        "({QUERY :commandType 1 :rtable ({RANGETBLENTRY :alias <> :eref {ALIAS :aliasname s :colnames"
            + " (\"x\")} :rtekind 1 :subquery {QUERY :commandType 1 :targetList ({TARGETENTRY :expr {VAR :varno 1}"
            + " :resno 1 :resname x :ressortgroupref 0 :resorigtbl 111 :resorigcol 9 :resjunk false}) :override 0}})"
            + " :targetList ({TARGETENTRY :expr {VAR :varno 1 :varattno 3} :resno 1 :resname a\\ b\\(c\\}"
            + " :ressortgroupref 0 :resorigtbl 16391 :resorigcol 3 :resjunk false} {TARGETENTRY :expr {AGGREF"
            + " :aggfnoid 2803 :args <>} :resno 2 :resname count :ressortgroupref 0 :resorigtbl 0 :resorigcol 0"
            + " :resjunk false}) :override 0 :onConflict <>})";
    Map<Integer, long[]> o = ViewKeys.origins(tree);
    assertThat(o).containsOnlyKeys(1);
    assertThat(o.get(1)).containsExactly(16391L, 3L);
  }

  @Test
  void origins_ofAViewWithoutTargetList_orNotAQuery_areEmpty() {
    assertThat(ViewKeys.origins("({QUERY :commandType 1 :targetList <> :override 0})")).isEmpty();
    assertThat(ViewKeys.origins("")).isEmpty();
    assertThat(ViewKeys.origins("garbage :targetList (")).isEmpty();
  }
}
