package io.hatchet4j.engine.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The subset of CEL that event filters and wait conditions use in practice, evaluated safely
 * against JSON values.
 *
 * <p>Supported: field access on the known variables ({@code input.user.id}, {@code payload["k"]}),
 * string, number, boolean and null literals, list literals, {@code == != < <= > >=}, {@code in}
 * (a list, or the keys of an object), {@code && || !} and parentheses. Anything else (function
 * calls, arithmetic, macros) is rejected by {@link #compile}, so an expression that compiles never
 * fails at evaluation: a missing field reads as null, and comparing values of different kinds is
 * false. Immutable and thread-safe. Not public API.
 *
 * <p>Limits: an expression has at most {@link #MAX_LENGTH} characters and nests parentheses,
 * list brackets and negations at most {@link #MAX_DEPTH} levels deep; longer or deeper ones are
 * rejected with INVALID_ARGUMENT naming the limit. Real filters and conditions stay far below
 * both; the limits keep a hostile one from exhausting the stack of the thread that compiles it.
 */
public final class CelExpression {
  /**
   * What event filters and wait conditions may name: {@code input} (the event payload), {@code
   * payload} (a filter's payload, or the event payload in a wait), {@code additional_metadata} and
   * {@code event_key}.
   */
  public static final Set<String> EVENT_VARIABLES = Set.of("input", "payload", "additional_metadata", "event_key");
  /** The longest expression accepted, in characters. */
  public static final int MAX_LENGTH = 4096;
  /** The deepest nesting of parentheses, list brackets and negations accepted. */
  public static final int MAX_DEPTH = 64;

  private final String text;
  private final Node root;

  private CelExpression(String text, Node root) {
    this.text = text;
    this.root = root;
  }

  /**
   * Compiles an expression over the given variable names.
   *
   * @throws EngineException INVALID_ARGUMENT naming the expression and the problem
   */
  public static CelExpression compile(String text, Set<String> variables) {
    if (text == null || text.isBlank()) {
      throw EngineException.invalidArgument("expression is empty");
    }
    if (text.length() > MAX_LENGTH) {
      throw EngineException.invalidArgument("expression is longer than " + MAX_LENGTH + " characters ("
          + text.length() + ")");
    }
    try {
      Parser parser = new Parser(text, variables);
      Node root = parser.expression();
      parser.expectEnd();
      return new CelExpression(text, root);
    } catch (TooDeep e) {
      throw EngineException.invalidArgument("expression nests deeper than " + MAX_DEPTH + " levels");
    } catch (IllegalArgumentException e) {
      throw EngineException.invalidArgument("unsupported expression '" + text + "': " + e.getMessage());
    }
  }

  /** Whether the expression is true for these variable values; anything but {@code true} is false. */
  public boolean matches(Map<String, JsonNode> variables) {
    try {
      JsonNode value = root.eval(variables);
      return value != null && value.isBoolean() && value.booleanValue();
    } catch (RuntimeException e) {
      return false;
    }
  }

  /**
   * The expression's value for these variable values, as JSON (a string, number, boolean, list,
   * object or null), for expressions that compute a key or a count rather than a verdict.
   *
   * @throws EngineException INVALID_ARGUMENT when the expression cannot be evaluated on these values
   */
  public JsonNode evaluate(Map<String, JsonNode> variables) {
    try {
      JsonNode value = root.eval(variables);
      return value == null ? NullNode.getInstance() : value;
    } catch (RuntimeException e) {
      throw EngineException.invalidArgument("expression '" + text + "' cannot be evaluated: " + e.getMessage());
    }
  }

  @Override
  public String toString() {
    return text;
  }

  // ---------------------------------------------------------------- evaluation tree

  private interface Node {
    JsonNode eval(Map<String, JsonNode> variables);
  }

  private record Literal(JsonNode value) implements Node {
    @Override
    public JsonNode eval(Map<String, JsonNode> variables) {
      return value;
    }
  }

  private record Variable(String name) implements Node {
    @Override
    public JsonNode eval(Map<String, JsonNode> variables) {
      JsonNode value = variables.get(name);
      return value == null ? NullNode.getInstance() : value;
    }
  }

  private record Field(Node target, String name) implements Node {
    @Override
    public JsonNode eval(Map<String, JsonNode> variables) {
      JsonNode value = target.eval(variables);
      JsonNode field = value.isObject() ? value.get(name) : null;
      return field == null ? NullNode.getInstance() : field;
    }
  }

  private record ListNode(List<Node> items) implements Node {
    @Override
    public JsonNode eval(Map<String, JsonNode> variables) {
      ArrayNode array = JsonNodeFactory.instance.arrayNode();
      for (Node item : items) {
        array.add(item.eval(variables));
      }
      return array;
    }
  }

  private record Not(Node operand) implements Node {
    @Override
    public JsonNode eval(Map<String, JsonNode> variables) {
      JsonNode value = operand.eval(variables);
      return BooleanNode.valueOf(!(value.isBoolean() && value.booleanValue()));
    }
  }

  private record Logical(boolean and, Node left, Node right) implements Node {
    @Override
    public JsonNode eval(Map<String, JsonNode> variables) {
      boolean l = truthy(left.eval(variables));
      if (and ? !l : l) {
        return BooleanNode.valueOf(l);
      }
      return BooleanNode.valueOf(truthy(right.eval(variables)));
    }

    private static boolean truthy(JsonNode value) {
      return value.isBoolean() && value.booleanValue();
    }
  }

  private record Comparison(String operator, Node left, Node right) implements Node {
    @Override
    public JsonNode eval(Map<String, JsonNode> variables) {
      JsonNode l = left.eval(variables);
      JsonNode r = right.eval(variables);
      switch (operator) {
        case "==":
          return BooleanNode.valueOf(equal(l, r));
        case "!=":
          return BooleanNode.valueOf(!equal(l, r));
        case "in":
          return BooleanNode.valueOf(contains(r, l));
        default:
          Integer order = order(l, r);
          if (order == null) {
            return BooleanNode.FALSE;
          }
          switch (operator) {
            case "<":
              return BooleanNode.valueOf(order < 0);
            case "<=":
              return BooleanNode.valueOf(order <= 0);
            case ">":
              return BooleanNode.valueOf(order > 0);
            default:
              return BooleanNode.valueOf(order >= 0);
          }
      }
    }

    private static boolean equal(JsonNode l, JsonNode r) {
      if (l.isNumber() && r.isNumber()) {
        return l.decimalValue().compareTo(r.decimalValue()) == 0;
      }
      return l.equals(r);
    }

    private static Integer order(JsonNode l, JsonNode r) {
      if (l.isNumber() && r.isNumber()) {
        return l.decimalValue().compareTo(r.decimalValue());
      }
      if (l.isTextual() && r.isTextual()) {
        return l.textValue().compareTo(r.textValue());
      }
      return null;
    }

    private static boolean contains(JsonNode container, JsonNode value) {
      if (container.isArray()) {
        for (JsonNode item : container) {
          if (equal(item, value)) {
            return true;
          }
        }
        return false;
      }
      return container.isObject() && value.isTextual() && container.has(value.textValue());
    }
  }

  // ---------------------------------------------------------------- parser

  /** Thrown by the parser past {@link #MAX_DEPTH}; carries no stack trace. */
  private static final class TooDeep extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TooDeep() {
      super(null, null, false, false);
    }
  }

  /**
   * A recursive-descent parser over the characters of the expression. Its recursion is bounded:
   * each nested parenthesis, list or negation counts one level, and {@link #MAX_DEPTH} is the most.
   */
  private static final class Parser {
    private final String text;
    private final Set<String> variables;
    private int pos;
    private int depth;

    private void enter() {
      if (++depth > MAX_DEPTH) {
        throw new TooDeep();
      }
    }

    private void leave() {
      depth--;
    }

    Parser(String text, Set<String> variables) {
      this.text = text;
      this.variables = variables;
    }

    Node expression() {
      Node left = and();
      while (accept("||")) {
        left = new Logical(false, left, and());
      }
      return left;
    }

    private Node and() {
      Node left = unary();
      while (accept("&&")) {
        left = new Logical(true, left, unary());
      }
      return left;
    }

    private Node unary() {
      skipSpace();
      if (peek("!") && !peek("!=")) {
        pos++;
        enter();
        Node operand = unary();
        leave();
        return new Not(operand);
      }
      return comparison();
    }

    private Node comparison() {
      Node left = primary();
      for (String op : new String[] {"==", "!=", "<=", ">=", "<", ">"}) {
        if (accept(op)) {
          return new Comparison(op, left, primary());
        }
      }
      if (acceptWord("in")) {
        return new Comparison("in", left, primary());
      }
      return left;
    }

    private Node primary() {
      skipSpace();
      if (pos >= text.length()) {
        throw new IllegalArgumentException("unexpected end of expression");
      }
      char c = text.charAt(pos);
      if (c == '(') {
        pos++;
        enter();
        Node inner = expression();
        expect(")");
        leave();
        return inner;
      }
      if (c == '[') {
        pos++;
        enter();
        List<Node> items = new ArrayList<>();
        skipSpace();
        if (!accept("]")) {
          do {
            items.add(primary());
          } while (accept(","));
          expect("]");
        }
        leave();
        return new ListNode(items);
      }
      if (c == '"' || c == '\'') {
        return new Literal(TextNode.valueOf(string()));
      }
      if (Character.isDigit(c) || (c == '-' && pos + 1 < text.length() && Character.isDigit(text.charAt(pos + 1)))) {
        return new Literal(number());
      }
      if (Character.isLetter(c) || c == '_') {
        return path(identifier());
      }
      throw new IllegalArgumentException("unexpected '" + c + "' at position " + (pos + 1));
    }

    private Node path(String name) {
      switch (name) {
        case "true":
          return new Literal(BooleanNode.TRUE);
        case "false":
          return new Literal(BooleanNode.FALSE);
        case "null":
          return new Literal(NullNode.getInstance());
        default:
          break;
      }
      skipSpace();
      if (peek("(")) {
        throw new IllegalArgumentException("function calls such as " + name + "(...) are not supported");
      }
      if (!variables.contains(name)) {
        throw new IllegalArgumentException("unknown variable '" + name + "' (known: " + String.join(", ", variables) + ")");
      }
      Node node = new Variable(name);
      while (true) {
        skipSpace();
        if (accept(".")) {
          String field = identifier();
          skipSpace();
          if (peek("(")) {
            throw new IllegalArgumentException("method calls such as ." + field + "(...) are not supported");
          }
          node = new Field(node, field);
        } else if (peek("[")) {
          pos++;
          skipSpace();
          if (pos >= text.length() || (text.charAt(pos) != '"' && text.charAt(pos) != '\'')) {
            throw new IllegalArgumentException("only string keys are supported in [...]");
          }
          node = new Field(node, string());
          expect("]");
        } else {
          return node;
        }
      }
    }

    private String identifier() {
      skipSpace();
      int start = pos;
      while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
        pos++;
      }
      if (start == pos) {
        throw new IllegalArgumentException("expected a name at position " + (pos + 1));
      }
      return text.substring(start, pos);
    }

    private String string() {
      char quote = text.charAt(pos++);
      StringBuilder out = new StringBuilder();
      while (pos < text.length()) {
        char c = text.charAt(pos++);
        if (c == quote) {
          return out.toString();
        }
        if (c == '\\' && pos < text.length()) {
          char escaped = text.charAt(pos++);
          switch (escaped) {
            case 'n':
              out.append('\n');
              break;
            case 't':
              out.append('\t');
              break;
            default:
              out.append(escaped);
          }
        } else {
          out.append(c);
        }
      }
      throw new IllegalArgumentException("unterminated string");
    }

    private JsonNode number() {
      int start = pos;
      if (text.charAt(pos) == '-') {
        pos++;
      }
      while (pos < text.length() && (Character.isDigit(text.charAt(pos)) || text.charAt(pos) == '.')) {
        pos++;
      }
      try {
        return DecimalNode.valueOf(new BigDecimal(text.substring(start, pos)));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("'" + text.substring(start, pos) + "' is not a number");
      }
    }

    void expectEnd() {
      skipSpace();
      if (pos < text.length()) {
        throw new IllegalArgumentException("unexpected '" + text.substring(pos) + "' at position " + (pos + 1)
            + " (supported: field access, literals, == != < <= > >= in, && || !, parentheses)");
      }
    }

    private void expect(String token) {
      if (!accept(token)) {
        throw new IllegalArgumentException("expected '" + token + "' at position " + (pos + 1));
      }
    }

    private boolean accept(String token) {
      skipSpace();
      if (text.startsWith(token, pos)) {
        pos += token.length();
        return true;
      }
      return false;
    }

    private boolean acceptWord(String word) {
      skipSpace();
      int end = pos + word.length();
      if (text.startsWith(word, pos) && (end >= text.length() || !Character.isLetterOrDigit(text.charAt(end)))) {
        pos = end;
        return true;
      }
      return false;
    }

    private boolean peek(String token) {
      return text.startsWith(token, pos);
    }

    private void skipSpace() {
      while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
        pos++;
      }
    }
  }
}
