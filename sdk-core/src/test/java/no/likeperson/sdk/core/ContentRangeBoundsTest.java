package no.likeperson.sdk.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * The bounds of ContentRange's parser and constructor: the last accepted value beside the first
 * refused one.
 */
class ContentRangeBoundsTest {

  @Test
  void numbers_upTo18DigitsAreRead_19AreRefused() {
    String max = "999999999999999999";
    assertThat(ContentRange.parse("0-0/" + max).total()).hasValue(999_999_999_999_999_999L);
    assertThatThrownBy(() -> ContentRange.parse("0-0/1" + max))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("out of range");
  }

  @Test
  void digits_theCharactersBesideZeroAndNineAreRefused() {
    assertThat(ContentRange.parse("0-9/9").last()).hasValue(9);
    for (String bad : new String[] {"0-9/:", "0-:/9", ":-9/9"}) {
      assertThatThrownBy(() -> ContentRange.parse(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("not numeric");
    }
  }

  @Test
  void range_mustHaveAFirstNumberBeforeTheDash() {
    assertThatThrownBy(() -> ContentRange.parse("-5/10"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not <first>-<last>");
    assertThatThrownBy(() -> ContentRange.parse("5/10"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not <first>-<last>");
    assertThat(ContentRange.parse("5-5/10").length()).isEqualTo(1);
  }

  @Test
  void slash_exactlyOne_evenDirectlyAfterTheFirst() {
    assertThatThrownBy(() -> ContentRange.parse("0-1//"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("single '/'");
    assertThat(ContentRange.parse("*/0").total()).hasValue(0);
  }

  @Test
  void unit_aLeadingSpaceIsTrimmedNotTakenForAUnit() {
    ContentRange r = ContentRange.parse("items 0-1/2");
    assertThat(r).isEqualTo(ContentRange.parse("0-1/2"));
    assertThat(ContentRange.parse("  0-1/2").first()).hasValue(0);
  }

  @Test
  void constructor_zeroAndEqualBoundsAreValid_negativeAreNot() {
    ContentRange one = new ContentRange(OptionalLong.of(0), OptionalLong.of(0), OptionalLong.of(0));
    assertThat(one.length()).isEqualTo(1);
    assertThat(one).hasToString("0-0/0");
    assertThatThrownBy(
            () -> new ContentRange(OptionalLong.of(-1), OptionalLong.of(0), OptionalLong.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("invalid range -1-0");
    assertThatThrownBy(
            () -> new ContentRange(OptionalLong.of(3), OptionalLong.of(2), OptionalLong.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("invalid range 3-2");
    assertThatThrownBy(
            () -> new ContentRange(OptionalLong.empty(), OptionalLong.of(2), OptionalLong.empty()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ContentRange(null, OptionalLong.empty(), OptionalLong.empty()))
        .hasMessage("first == null");
    assertThatThrownBy(() -> new ContentRange(OptionalLong.empty(), null, OptionalLong.empty()))
        .hasMessage("last == null");
    assertThatThrownBy(() -> new ContentRange(OptionalLong.empty(), OptionalLong.empty(), null))
        .hasMessage("total == null");
  }

  @Test
  void toString_andLength_ofEveryForm() {
    assertThat(ContentRange.parse("10-19/*")).hasToString("10-19/*");
    assertThat(ContentRange.parse("10-19/*").length()).isEqualTo(10);
    assertThat(ContentRange.parse("*/*")).hasToString("*/*");
    assertThat(ContentRange.parse("*/7")).hasToString("*/7");
    assertThat(ContentRange.parse("*/7").length()).isZero();
  }
}
