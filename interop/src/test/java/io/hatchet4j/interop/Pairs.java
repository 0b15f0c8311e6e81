package io.hatchet4j.interop;

import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Argument sources for parameterized scenario tests: each peer language, named for its table column
 * and direction ({@code Java↔Python | Java → Python}). Use as {@code @MethodSource("io.hatchet4j.interop.Pairs#javaToPeers")}.
 */
final class Pairs {
  private Pairs() {}

  /** Java triggers or pushes, the peer runs or waits. */
  static Stream<Arguments> javaToPeers() {
    return Stream.of(Lang.TYPESCRIPT, Lang.PYTHON).map(l -> Arguments.of(Named.of(Lang.display(Lang.JAVA, l), l)));
  }

  /** The peer triggers or pushes, Java runs or waits. */
  static Stream<Arguments> peersToJava() {
    return Stream.of(Lang.TYPESCRIPT, Lang.PYTHON).map(l -> Arguments.of(Named.of(Lang.display(l, Lang.JAVA), l)));
  }
}
