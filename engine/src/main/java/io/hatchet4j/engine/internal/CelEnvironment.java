package io.hatchet4j.engine.internal;

import dev.cel.bundle.Cel;
import dev.cel.bundle.CelBuilder;
import dev.cel.bundle.CelFactory;
import dev.cel.checker.CelStandardDeclarations;
import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelOptions;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.types.CelType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelFunctionBinding;
import dev.cel.runtime.CelStandardFunctions;
import dev.cel.runtime.standard.StringFunction.StringOverload;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Upstream's CEL environments ({@code internal/cel} in hatchet), built with the CEL library once
 * per set of variable names and shared. Not public API; thread-safe.
 *
 * <p>Each variable has the type upstream declares: {@code input}, {@code additional_metadata},
 * {@code payload} and {@code output} are maps from string to dyn, {@code parents} a map of such
 * maps, {@code workflow_run_id}, {@code event_id} and {@code event_key} strings; any other name is
 * dyn. The functions depend on the environment, as upstream's do:
 *
 * <ul>
 *   <li>{@link CelExpression#CONDITION_VARIABLES} (upstream's boolean-expression evaluator for
 *       conditions): the standard library and macros only;
 *   <li>{@link CelExpression#EVENT_VARIABLES} (event filters): also the strings extension, and
 *       {@code checksum(string)} declared but, as upstream, without an implementation, so it
 *       compiles and fails when evaluated;
 *   <li>every other set (workflow-run and step-run expressions): the strings extension and {@code
 *       checksum}, as a function and as a method of a string.
 * </ul>
 *
 * <p>{@code string(double)} writes the number as cel-go does (Go's {@code %g}), so keys built from
 * numbers read the same as upstream's.
 */
final class CelEnvironment {
  /** Iterations one comprehension ({@code exists}, {@code map}, ...) may take before it fails. */
  static final int MAX_ITERATIONS = 100_000;

  private static final Map<Set<String>, Cel> BUILT = new ConcurrentHashMap<>();
  private static final CelType JSON_OBJECT = MapType.create(SimpleType.STRING, SimpleType.DYN);
  private static final Set<String> STRING_VARIABLES = Set.of("workflow_run_id", "event_id", "event_key");
  private static final Set<String> OBJECT_VARIABLES = Set.of("input", "additional_metadata", "payload", "output");

  private static final CelOptions OPTIONS = CelOptions.current()
      // cel-go compares int, uint and double values with one another.
      .enableHeterogeneousNumericComparisons(true)
      // No payload may keep the engine's thread busy for long: upstream has no such limit.
      .comprehensionMaxIterations(MAX_ITERATIONS)
      .build();

  private CelEnvironment() {}

  /** The environment that declares these variables. */
  static Cel of(Set<String> variables) {
    return BUILT.computeIfAbsent(Set.copyOf(variables), CelEnvironment::build);
  }

  private static Cel build(Set<String> variables) {
    CelBuilder builder = CelFactory.standardCelBuilder()
        .setOptions(OPTIONS)
        .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
        // The standard library minus string(double), which is bound below to cel-go's format.
        .setStandardEnvironmentEnabled(false)
        .setStandardDeclarations(CelStandardDeclarations.newBuilder().build())
        .setStandardFunctions(CelStandardFunctions.newBuilder()
            .filterFunctions((function, overload) -> overload != StringOverload.DOUBLE_TO_STRING)
            .build())
        .addFunctionBindings(CelFunctionBinding.from("double_to_string", Double.class, CelValues::goFormat));
    for (String name : variables) {
      builder.addVar(name, typeOf(name));
    }
    if (variables.equals(CelExpression.CONDITION_VARIABLES)) {
      return builder.build();
    }
    builder.addCompilerLibraries(CelExtensions.strings()).addRuntimeLibraries(CelExtensions.strings());
    if (variables.equals(CelExpression.EVENT_VARIABLES)) {
      return builder.addFunctionDeclarations(CelFunctionDecl.newFunctionDeclaration("checksum",
          CelOverloadDecl.newGlobalOverload("checksum_string", SimpleType.STRING, SimpleType.STRING))).build();
    }
    return builder
        .addFunctionDeclarations(CelFunctionDecl.newFunctionDeclaration("checksum",
            CelOverloadDecl.newGlobalOverload("checksum_string", SimpleType.STRING, SimpleType.STRING),
            CelOverloadDecl.newMemberOverload("checksum_string_impl", SimpleType.STRING, SimpleType.STRING)))
        .addFunctionBindings(
            CelFunctionBinding.from("checksum_string", String.class, CelEnvironment::checksum),
            CelFunctionBinding.from("checksum_string_impl", String.class, CelEnvironment::checksum))
        .build();
  }

  private static CelType typeOf(String variable) {
    if (STRING_VARIABLES.contains(variable)) {
      return SimpleType.STRING;
    }
    if (OBJECT_VARIABLES.contains(variable)) {
      return JSON_OBJECT;
    }
    return variable.equals("parents") ? MapType.create(SimpleType.STRING, JSON_OBJECT) : SimpleType.DYN;
  }

  /** Upstream's {@code checksum}: the SHA-256 of the string's UTF-8 bytes, in lower-case hex. */
  static String checksum(String text) {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha256.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
