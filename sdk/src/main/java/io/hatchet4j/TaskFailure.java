package io.hatchet4j;

import java.util.Optional;

/**
 * Why one task of a run failed, as its worker reported it: the exception's class, its message and
 * the stack trace, read from the error text. Workers of every SDK report {@code <exception class>:
 * <message>} first; a Java worker follows with the stack trace, as {@link
 * Throwable#printStackTrace()} prints it.
 *
 * @param taskName the task that failed
 * @param exceptionClass the exception's class name, when the error names one
 * @param message the exception's message, or the error's first line when it names no class
 * @param stackTrace the lines after the first (empty when the worker sent none)
 * @param text the error text as the engine stores it
 * @since 0.1.0
 */
public record TaskFailure(
    String taskName, Optional<String> exceptionClass, String message, String stackTrace, String text) {

  /** Reads the error text a worker reported for {@code taskName}. */
  public static TaskFailure parse(String taskName, String text) {
    String error = text == null ? "" : text;
    int newline = error.indexOf('\n');
    String first = newline < 0 ? error : error.substring(0, newline);
    String rest = newline < 0 ? "" : error.substring(newline + 1);
    int colon = first.indexOf(": ");
    String head = colon < 0 ? first : first.substring(0, colon);
    if (isClassName(head)) {
      return new TaskFailure(taskName, Optional.of(head), colon < 0 ? "" : first.substring(colon + 2), rest, error);
    }
    return new TaskFailure(taskName, Optional.empty(), first, rest, error);
  }

  /** {@code java.lang.IllegalStateException}, {@code ValueError}, {@code Error}: a dotted identifier. */
  private static boolean isClassName(String text) {
    if (text.isEmpty() || !Character.isJavaIdentifierStart(text.charAt(0))) {
      return false;
    }
    for (String part : text.split("\\.", -1)) {
      if (part.isEmpty() || !Character.isJavaIdentifierStart(part.charAt(0))) {
        return false;
      }
      for (int i = 1; i < part.length(); i++) {
        if (!Character.isJavaIdentifierPart(part.charAt(i)) && part.charAt(i) != '$') {
          return false;
        }
      }
    }
    // A bare word is a class only when it reads as one (ValueError, TimeoutError, Exception).
    return text.contains(".") || text.endsWith("Error") || text.endsWith("Exception");
  }
}
