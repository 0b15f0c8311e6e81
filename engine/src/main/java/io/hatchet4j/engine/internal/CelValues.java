package io.hatchet4j.engine.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.primitives.UnsignedLong;
import dev.cel.common.types.CelType;
import dev.cel.common.values.CelByteString;
import dev.cel.common.values.NullValue;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.AbstractList;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Between JSON values and the values CEL evaluates, read the way upstream's engine reads them.
 *
 * <p>Upstream decodes JSON with Go's {@code encoding/json} into {@code map[string]interface{}}, so
 * every JSON number reaches cel-go as a {@code double}; so it does here, and {@code input.n + 1}
 * fails on both engines while {@code input.n > 1} and {@code int(input.n) + 1} work. Objects and
 * arrays are read-only views, converted as the expression reaches into them, so an expression that
 * reads one field of a large payload converts only that field. Not public API.
 */
final class CelValues {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Map<Class<?>, String> SCALAR_TYPE_NAMES = Map.of(
      String.class, "string", Boolean.class, "bool", Long.class, "int", Double.class, "double",
      UnsignedLong.class, "uint", Duration.class, "google.protobuf.Duration", Instant.class, "google.protobuf.Timestamp",
      NullValue.class, "null_type", com.google.protobuf.NullValue.class, "null_type");

  private CelValues() {}

  /** The CEL value of a JSON value: map, list, string, double, bool or null. */
  static Object toCel(JsonNode node) {
    switch (node.getNodeType()) {
      case OBJECT:
        return new ObjectView((ObjectNode) node);
      case ARRAY:
        return new ArrayView((ArrayNode) node);
      case STRING:
        return node.textValue();
      case NUMBER:
        return node.doubleValue();
      case BOOLEAN:
        return node.booleanValue();
      case NULL:
      case MISSING:
        return NullValue.NULL_VALUE;
      default:
        return node.asText();
    }
  }

  /** The JSON value of a CEL result; bytes become base64 text, as Go's JSON encoder writes them. */
  static JsonNode toJson(Object value) {
    if (value instanceof ObjectView view) {
      return view.node;
    }
    if (value instanceof ArrayView view) {
      return view.node;
    }
    if (value == null || value instanceof NullValue || value instanceof com.google.protobuf.NullValue) {
      return NODES.nullNode();
    }
    if (value instanceof String s) {
      return NODES.textNode(s);
    }
    if (value instanceof Boolean b) {
      return NODES.booleanNode(b);
    }
    if (value instanceof Long l) {
      return NODES.numberNode(l);
    }
    if (value instanceof Double d) {
      return NODES.numberNode(d);
    }
    if (value instanceof UnsignedLong u) {
      return NODES.numberNode(u.bigIntegerValue());
    }
    if (value instanceof CelByteString bytes) {
      return NODES.textNode(Base64.getEncoder().encodeToString(bytes.toByteArray()));
    }
    if (value instanceof Duration d) {
      return NODES.textNode(BigDecimal.valueOf(d.getSeconds()).add(BigDecimal.valueOf(d.getNano(), 9))
          .stripTrailingZeros().toPlainString() + "s");
    }
    if (value instanceof Map<?, ?> map) {
      ObjectNode object = NODES.objectNode();
      map.forEach((k, v) -> object.set(String.valueOf(k), toJson(v)));
      return object;
    }
    if (value instanceof List<?> list) {
      ArrayNode array = NODES.arrayNode();
      list.forEach(item -> array.add(toJson(item)));
      return array;
    }
    if (value instanceof CelType type) {
      return NODES.textNode(type.name());
    }
    return NODES.textNode(String.valueOf(value));
  }

  /** The name cel-go gives the type of a value, as upstream's "got <type>" messages show it. */
  static String typeName(Object value) {
    if (value == null) {
      return "null_type";
    }
    String scalar = SCALAR_TYPE_NAMES.get(value.getClass());
    if (scalar != null) {
      return scalar;
    }
    if (value instanceof CelByteString) {
      return "bytes";
    }
    if (value instanceof Map) {
      return "map";
    }
    if (value instanceof List) {
      return "list";
    }
    return value instanceof CelType ? "type" : value.getClass().getSimpleName();
  }

  /**
   * A double as Go's {@code fmt.Sprintf("%g", d)} writes it, which is what cel-go's {@code
   * string(double)} returns: the shortest digits, in exponent form when the exponent is below -4
   * or at least 6 ({@code 3}, {@code 0.5}, {@code 1e+06}, {@code 1.5e-05}).
   */
  static String goFormat(double d) {
    if (Double.isNaN(d)) {
      return "NaN";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "+Inf" : "-Inf";
    }
    String sign = d < 0 || (d == 0 && 1 / d < 0) ? "-" : "";
    if (d == 0) {
      return sign + "0";
    }
    BigDecimal decimal = new BigDecimal(Double.toString(Math.abs(d))).stripTrailingZeros();
    String digits = decimal.unscaledValue().toString();
    int exponent = digits.length() - 1 - decimal.scale();
    StringBuilder out = new StringBuilder(sign);
    if (exponent < -4 || exponent >= 6) {
      out.append(digits.charAt(0));
      if (digits.length() > 1) {
        out.append('.').append(digits, 1, digits.length());
      }
      out.append('e').append(exponent < 0 ? '-' : '+');
      int magnitude = Math.abs(exponent);
      return out.append(magnitude < 10 ? "0" : "").append(magnitude).toString();
    }
    if (exponent < 0) {
      return out.append("0.").append("0".repeat(-exponent - 1)).append(digits).toString();
    }
    if (digits.length() <= exponent + 1) {
      return out.append(digits).append("0".repeat(exponent + 1 - digits.length())).toString();
    }
    return out.append(digits, 0, exponent + 1).append('.').append(digits, exponent + 1, digits.length()).toString();
  }

  /** A JSON object seen as a CEL map from field name to value. */
  private static final class ObjectView extends AbstractMap<String, Object> {
    private final ObjectNode node;

    ObjectView(ObjectNode node) {
      this.node = node;
    }

    @Override
    public Object get(Object key) {
      JsonNode field = key instanceof String name ? node.get(name) : null;
      return field == null ? null : toCel(field);
    }

    @Override
    public boolean containsKey(Object key) {
      return key instanceof String name && node.has(name);
    }

    @Override
    public int size() {
      return node.size();
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
      return new AbstractSet<>() {
        @Override
        public Iterator<Entry<String, Object>> iterator() {
          Iterator<Entry<String, JsonNode>> fields = node.fields();
          return new Iterator<>() {
            @Override
            public boolean hasNext() {
              return fields.hasNext();
            }

            @Override
            public Entry<String, Object> next() {
              Entry<String, JsonNode> field = fields.next();
              return new SimpleImmutableEntry<>(field.getKey(), toCel(field.getValue()));
            }
          };
        }

        @Override
        public int size() {
          return node.size();
        }
      };
    }
  }

  /** A JSON array seen as a CEL list. */
  private static final class ArrayView extends AbstractList<Object> {
    private final ArrayNode node;

    ArrayView(ArrayNode node) {
      this.node = node;
    }

    @Override
    public Object get(int index) {
      if (index < 0 || index >= node.size()) {
        throw new IndexOutOfBoundsException("Index out of bounds: " + index);
      }
      return toCel(node.get(index));
    }

    @Override
    public int size() {
      return node.size();
    }
  }
}
