package io.hatchet4j.engine.internal.checks;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Whether a text would compile as a CEL expression in one of upstream's environments, as far as
 * grammar and names go: the full CEL grammar (literals of every kind, operators, the conditional,
 * member and index access, calls, list, map and message literals, macros), and every free name
 * must be a declared variable, a standard function or type name, or a macro's own variable.
 *
 * <p>Upstream also type-checks (so {@code "a" + 1} fails there and passes here); registration
 * answers "Invalid CEL expression" either way, without the checker's reason. Not public API.
 */
public final class CelSyntax {
  /** Upstream's workflow-run environment: concurrency keys, idempotency keys. */
  public static final Set<String> WORKFLOW_RUN = Set.of("input", "additional_metadata", "workflow_run_id");
  /** Upstream's step-run environment: rate-limit key, units and limit expressions. */
  public static final Set<String> STEP_RUN = Set.of("input", "additional_metadata", "workflow_run_id", "parents");

  /** Functions and type names CEL (with upstream's string extension and checksum) knows globally. */
  private static final Set<String> GLOBALS = Set.of(
      "size", "int", "uint", "double", "string", "bytes", "bool", "type", "dyn", "duration", "timestamp",
      "matches", "list", "map", "null_type", "checksum");
  private static final Set<String> MACROS_WITH_VARIABLE = Set.of("all", "exists", "exists_one", "map", "filter");
  private static final Set<String> RESERVED = Set.of(
      "as", "break", "const", "continue", "else", "for", "function", "if", "import", "let", "loop", "package",
      "namespace", "return", "var", "void", "while");

  private CelSyntax() {}

  /** Whether {@code text} is a well-formed CEL expression that names only {@code variables}. */
  public static boolean compiles(String text, Set<String> variables) {
    if (text == null || text.isBlank()) {
      return false;
    }
    try {
      Parser parser = new Parser(tokens(text), variables);
      parser.expr();
      parser.expect(Kind.END, null);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  // ---------------------------------------------------------------- tokens

  private enum Kind { IDENT, NUMBER, STRING, OP, END }

  private record Token(Kind kind, String text) {}

  private static final String[] OPERATORS = {
      "==", "!=", "<=", ">=", "&&", "||", "<", ">", "!", "+", "-", "*", "/", "%", "?", ":", ".", ",", "(", ")", "[",
      "]", "{", "}"};

  private static List<Token> tokens(String s) {
    List<Token> out = new ArrayList<>();
    int i = 0;
    int n = s.length();
    while (i < n) {
      char c = s.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
        continue;
      }
      if (c == '/' && i + 1 < n && s.charAt(i + 1) == '/') {
        while (i < n && s.charAt(i) != '\n') {
          i++;
        }
        continue;
      }
      int stringStart = stringStart(s, i);
      if (stringStart >= 0) {
        int end = stringEnd(s, i, stringStart);
        out.add(new Token(Kind.STRING, s.substring(i, end)));
        i = end;
        continue;
      }
      if (Character.isDigit(c) || (c == '.' && i + 1 < n && Character.isDigit(s.charAt(i + 1)))) {
        int end = numberEnd(s, i);
        out.add(new Token(Kind.NUMBER, s.substring(i, end)));
        i = end;
        continue;
      }
      if (c == '_' || Character.isLetter(c)) {
        int end = i + 1;
        while (end < n && (s.charAt(end) == '_' || Character.isLetterOrDigit(s.charAt(end)))) {
          end++;
        }
        out.add(new Token(Kind.IDENT, s.substring(i, end)));
        i = end;
        continue;
      }
      String op = null;
      for (String candidate : OPERATORS) {
        if (s.startsWith(candidate, i)) {
          op = candidate;
          break;
        }
      }
      if (op == null) {
        throw new IllegalArgumentException("unexpected character '" + c + "'");
      }
      out.add(new Token(Kind.OP, op));
      i += op.length();
    }
    out.add(new Token(Kind.END, ""));
    return out;
  }

  /** The index of the opening quote if a string literal (with r/b prefixes) starts at i, else -1. */
  private static int stringStart(String s, int i) {
    int j = i;
    int prefixes = 0;
    while (j < s.length() && prefixes < 2 && "rRbB".indexOf(s.charAt(j)) >= 0) {
      j++;
      prefixes++;
    }
    if (j < s.length() && (s.charAt(j) == '"' || s.charAt(j) == '\'')) {
      return j;
    }
    return -1;
  }

  private static int stringEnd(String s, int start, int quoteAt) {
    boolean raw = s.substring(start, quoteAt).toLowerCase().contains("r");
    char q = s.charAt(quoteAt);
    String triple = String.valueOf(new char[] {q, q, q});
    boolean isTriple = s.startsWith(triple, quoteAt);
    int i = quoteAt + (isTriple ? 3 : 1);
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == '\\' && !raw) {
        i += 2;
        continue;
      }
      if (isTriple ? s.startsWith(triple, i) : c == q) {
        return i + (isTriple ? 3 : 1);
      }
      if (!isTriple && (c == '\n' || c == '\r')) {
        break;
      }
      i++;
    }
    throw new IllegalArgumentException("unterminated string");
  }

  private static int numberEnd(String s, int i) {
    int n = s.length();
    if (s.startsWith("0x", i) || s.startsWith("0X", i)) {
      int j = i + 2;
      while (j < n && Character.digit(s.charAt(j), 16) >= 0) {
        j++;
      }
      if (j == i + 2) {
        throw new IllegalArgumentException("bad hex literal");
      }
      return j < n && (s.charAt(j) == 'u' || s.charAt(j) == 'U') ? j + 1 : j;
    }
    int j = i;
    while (j < n && Character.isDigit(s.charAt(j))) {
      j++;
    }
    boolean floating = false;
    if (j < n && s.charAt(j) == '.' && j + 1 < n && Character.isDigit(s.charAt(j + 1))) {
      floating = true;
      j++;
      while (j < n && Character.isDigit(s.charAt(j))) {
        j++;
      }
    }
    if (j < n && (s.charAt(j) == 'e' || s.charAt(j) == 'E')) {
      int k = j + 1;
      if (k < n && (s.charAt(k) == '+' || s.charAt(k) == '-')) {
        k++;
      }
      if (k < n && Character.isDigit(s.charAt(k))) {
        floating = true;
        j = k;
        while (j < n && Character.isDigit(s.charAt(j))) {
          j++;
        }
      }
    }
    if (!floating && j < n && (s.charAt(j) == 'u' || s.charAt(j) == 'U')) {
      j++;
    }
    return j;
  }

  // ---------------------------------------------------------------- grammar

  private static final class Parser {
    private final List<Token> tokens;
    private final Set<String> variables;
    private final Deque<Set<String>> scopes = new ArrayDeque<>();
    private int pos;

    Parser(List<Token> tokens, Set<String> variables) {
      this.tokens = tokens;
      this.variables = variables;
    }

    private Token peek() {
      return tokens.get(pos);
    }

    private boolean at(Kind kind, String text) {
      Token t = peek();
      return t.kind() == kind && (text == null || t.text().equals(text));
    }

    private boolean accept(Kind kind, String text) {
      if (at(kind, text)) {
        pos++;
        return true;
      }
      return false;
    }

    Token expect(Kind kind, String text) {
      if (!at(kind, text)) {
        throw new IllegalArgumentException("unexpected '" + peek().text() + "'");
      }
      return tokens.get(pos++);
    }

    void expr() {
      or();
      if (accept(Kind.OP, "?")) {
        or();
        expect(Kind.OP, ":");
        expr();
      }
    }

    private void or() {
      and();
      while (accept(Kind.OP, "||")) {
        and();
      }
    }

    private void and() {
      relation();
      while (accept(Kind.OP, "&&")) {
        relation();
      }
    }

    private void relation() {
      addition();
      while (at(Kind.OP, "<") || at(Kind.OP, "<=") || at(Kind.OP, ">") || at(Kind.OP, ">=") || at(Kind.OP, "==")
          || at(Kind.OP, "!=") || at(Kind.IDENT, "in")) {
        pos++;
        addition();
      }
    }

    private void addition() {
      multiplication();
      while (accept(Kind.OP, "+") || accept(Kind.OP, "-")) {
        multiplication();
      }
    }

    private void multiplication() {
      unary();
      while (accept(Kind.OP, "*") || accept(Kind.OP, "/") || accept(Kind.OP, "%")) {
        unary();
      }
    }

    private void unary() {
      if (accept(Kind.OP, "!") || accept(Kind.OP, "-")) {
        unary();
        return;
      }
      member();
    }

    private void member() {
      primary();
      while (true) {
        if (accept(Kind.OP, ".")) {
          String name = ident();
          if (at(Kind.OP, "(")) {
            call(MACROS_WITH_VARIABLE.contains(name));
          }
        } else if (accept(Kind.OP, "[")) {
          expr();
          expect(Kind.OP, "]");
        } else if (at(Kind.OP, "{")) {
          // A message literal: only after a (qualified) type name, which names no variable here.
          throw new IllegalArgumentException("message literals are not declared");
        } else {
          return;
        }
      }
    }

    private String ident() {
      Token t = expect(Kind.IDENT, null);
      if (RESERVED.contains(t.text()) || t.text().equals("in")) {
        throw new IllegalArgumentException("reserved word " + t.text());
      }
      return t.text();
    }

    private void primary() {
      Token t = peek();
      if (t.kind() == Kind.NUMBER || t.kind() == Kind.STRING) {
        pos++;
        return;
      }
      if (t.kind() == Kind.IDENT && (t.text().equals("true") || t.text().equals("false") || t.text().equals("null"))) {
        pos++;
        return;
      }
      if (accept(Kind.OP, "(")) {
        expr();
        expect(Kind.OP, ")");
        return;
      }
      if (accept(Kind.OP, "[")) {
        if (!accept(Kind.OP, "]")) {
          list("]");
        }
        return;
      }
      if (accept(Kind.OP, "{")) {
        if (!accept(Kind.OP, "}")) {
          do {
            if (at(Kind.OP, "}")) {
              break;
            }
            expr();
            expect(Kind.OP, ":");
            expr();
          } while (accept(Kind.OP, ","));
          expect(Kind.OP, "}");
        }
        return;
      }
      accept(Kind.OP, ".");
      String name = ident();
      if (at(Kind.OP, "(")) {
        if (!GLOBALS.contains(name) && !name.equals("has")) {
          throw new IllegalArgumentException("undeclared function " + name);
        }
        call(false);
        return;
      }
      if (name.equals("strings") && at(Kind.OP, ".") && tokens.get(pos + 1).text().equals("quote")) {
        pos += 2;
        call(false);
        return;
      }
      if (!declared(name)) {
        throw new IllegalArgumentException("undeclared reference to '" + name + "'");
      }
    }

    private boolean declared(String name) {
      if (variables.contains(name) || GLOBALS.contains(name)) {
        return true;
      }
      for (Set<String> scope : scopes) {
        if (scope.contains(name)) {
          return true;
        }
      }
      return false;
    }

    /** Arguments of a call; a macro's first argument is the name of its loop variable. */
    private void call(boolean macro) {
      expect(Kind.OP, "(");
      if (accept(Kind.OP, ")")) {
        return;
      }
      if (macro && at(Kind.IDENT, null) && (tokens.get(pos + 1).text().equals(","))) {
        Set<String> scope = new HashSet<>();
        scope.add(ident());
        expect(Kind.OP, ",");
        scopes.push(scope);
        try {
          list(")");
        } finally {
          scopes.pop();
        }
        return;
      }
      list(")");
    }

    private void list(String close) {
      do {
        if (at(Kind.OP, close)) {
          break;
        }
        expr();
      } while (accept(Kind.OP, ","));
      expect(Kind.OP, close);
    }
  }
}
