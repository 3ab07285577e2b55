package chat.mz.protocol;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.IOException;
import java.util.Iterator;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The one JSON codec of the wire protocol, used by client and server alike. It reads strictly: no
 * duplicate keys, no type coercion ({@code "true"} is not a boolean), no unknown parameters, bounded
 * nesting and number length. An optional parameter left out (or null) takes its type's default,
 * false or 0; required ones say so with {@code @JsonProperty(required = true)}. every refusal becomes a JSON-RPC error with a readable sentence.
 * Field names on the wire are snake_case; records use camelCase.
 */
public final class JsonCodec {
    public static final String VERSION = "2.0";
    /** Deeper JSON than this is refused while parsing, before any object is built. */
    public static final int MAX_NESTING_DEPTH = 32;
    /** Longer numbers than this (in characters) are refused while parsing. */
    public static final int MAX_NUMBER_LENGTH = 40;
    /** A request id given as a string may be at most this long. */
    public static final int MAX_ID_LENGTH = 128;

    private static final Set<String> REQUEST_MEMBERS = Set.of("jsonrpc", "id", "method", "params");
    private static final Set<String> RESPONSE_MEMBERS = Set.of("jsonrpc", "id", "result", "error");

    private final ObjectMapper mapper;

    public JsonCodec() {
        mapper = JsonMapper.builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .addModule(new SimpleModule("mzchat-strict").addDeserializer(byte[].class, new Base64Only()))
                .build();
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(MAX_NESTING_DEPTH)
                .maxNumberLength(MAX_NUMBER_LENGTH)
                .build());
        for (LogicalType type : new LogicalType[] {LogicalType.Textual, LogicalType.Boolean, LogicalType.Integer,
                LogicalType.Float, LogicalType.Enum, LogicalType.Binary}) {
            mapper.coercionConfigFor(type)
                    .setCoercion(CoercionInputShape.Integer, type == LogicalType.Integer || type == LogicalType.Float
                            ? CoercionAction.TryConvert : CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, type == LogicalType.Float
                            ? CoercionAction.TryConvert : CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, type == LogicalType.Boolean
                            ? CoercionAction.TryConvert : CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        }
    }

    /** Reads one frame. Throws with the error to answer when the frame is not a usable message. */
    public RpcMessage decode(String text) throws MalformedMessageException {
        JsonNode root;
        try {
            root = mapper.readTree(text);
        } catch (StreamConstraintsException e) {
            throw new MalformedMessageException(ErrorCode.PARSE_ERROR,
                    "The message is too deeply nested or holds a number that is too long.", null);
        } catch (JsonProcessingException e) {
            throw new MalformedMessageException(ErrorCode.PARSE_ERROR, ErrorCode.PARSE_ERROR.message(), null);
        }
        if (root == null || root.isMissingNode()) {
            throw new MalformedMessageException(ErrorCode.PARSE_ERROR, "The message is empty.", null);
        }
        if (root.isArray()) {
            throw invalid("Batches are not supported: send one request per frame.", null);
        }
        if (!root.isObject()) {
            throw invalid("A message must be a JSON object.", null);
        }
        JsonNode id = root.get("id");
        if (id != null && !isValidId(id)) {
            throw invalid("\"id\" must be a string of at most " + MAX_ID_LENGTH + " characters or an integer.", null);
        }
        if (!VERSION.equals(text(root.get("jsonrpc")))) {
            throw invalid("\"jsonrpc\" must be \"2.0\".", id);
        }
        if (root.has("method")) {
            return decodeCall(root, id);
        }
        return decodeResponse(root, id);
    }

    private RpcMessage decodeCall(JsonNode root, JsonNode id) throws MalformedMessageException {
        rejectUnknownMembers(root, REQUEST_MEMBERS, id);
        JsonNode method = root.get("method");
        if (!method.isTextual() || method.asText().isEmpty()) {
            throw invalid("\"method\" must be a non-empty string.", id);
        }
        JsonNode params = root.get("params");
        if (params != null && !params.isObject()) {
            throw new MalformedMessageException(ErrorCode.INVALID_PARAMS,
                    "\"params\" must be an object with named parameters.", id);
        }
        if (params == null) {
            params = JsonNodeFactory.instance.objectNode();
        }
        return id == null
                ? new RpcMessage.Notification(method.asText(), params)
                : new RpcMessage.Request(id, method.asText(), params);
    }

    private RpcMessage decodeResponse(JsonNode root, JsonNode id) throws MalformedMessageException {
        rejectUnknownMembers(root, RESPONSE_MEMBERS, id);
        if (id == null) {
            throw invalid("A request needs \"method\"; an answer needs \"id\".", null);
        }
        if (root.has("result") == root.has("error")) {
            throw invalid("An answer carries exactly one of \"result\" and \"error\".", id);
        }
        if (root.has("result")) {
            return new RpcMessage.Response(id, root.get("result"));
        }
        JsonNode error = root.get("error");
        if (!error.isObject() || !error.path("code").canConvertToInt() || !error.path("code").isIntegralNumber()
                || !error.path("message").isTextual()) {
            throw invalid("\"error\" must hold an integer \"code\" and a string \"message\".", id);
        }
        JsonNode data = error.get("data");
        return new RpcMessage.ErrorResponse(id,
                new RpcError(error.get("code").asInt(), error.get("message").asText(), data));
    }

    /** Writes one frame. */
    public String encode(RpcMessage message) {
        ObjectNode node = mapper.createObjectNode();
        node.put("jsonrpc", VERSION);
        if (message instanceof RpcMessage.Request r) {
            node.set("id", r.id());
            node.put("method", r.method());
            node.set("params", r.params());
        } else if (message instanceof RpcMessage.Notification n) {
            node.put("method", n.method());
            node.set("params", n.params());
        } else if (message instanceof RpcMessage.Response r) {
            node.set("id", r.id());
            node.set("result", r.result() == null ? NullNode.getInstance() : r.result());
        } else if (message instanceof RpcMessage.ErrorResponse e) {
            node.set("id", e.id());
            node.set("error", mapper.valueToTree(e.error()));
        }
        try {
            return mapper.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree could not be written", e);
        }
    }

    /** A record as a JSON tree, for {@code params} and {@code result}. */
    public JsonNode toTree(Object value) {
        return value == null ? NullNode.getInstance() : mapper.valueToTree(value);
    }

    /**
     * Reads request parameters into their record. Anything wrong becomes {@link ErrorCode#INVALID_PARAMS}
     * with a sentence that names the parameter.
     */
    public <T> T readParams(JsonNode params, Class<T> type) {
        try {
            return mapper.treeToValue(params, type);
        } catch (JsonProcessingException e) {
            throw new RpcException(ErrorCode.INVALID_PARAMS, describe(e));
        } catch (IllegalArgumentException e) {
            throw new RpcException(ErrorCode.INVALID_PARAMS, "Invalid params: " + e.getMessage());
        }
    }

    /** Reads a value the other side sent (a result or notification params); a mismatch is a protocol fault. */
    public <T> T readValue(JsonNode node, Class<T> type) {
        try {
            return mapper.treeToValue(node, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(describe(e), e);
        }
    }

    /** A record as UTF-8 JSON, for messages that travel inside other payloads (encrypted ones, say). */
    public byte[] toJsonBytes(Object value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a value could not be written as JSON", e);
        }
    }

    /**
     * Reads a record from UTF-8 JSON as strictly as frames are read, and with every field required
     * and non-null: these messages have no optional parts.
     *
     * @throws JsonProcessingException when the bytes are not exactly one such record
     */
    public <T> T fromJsonBytes(byte[] json, Class<T> type) throws IOException {
        return mapper.readerFor(type)
                .with(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES,
                        DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES)
                .readValue(json);
    }

    /**
     * Reads a record from UTF-8 JSON as strictly as frames are read, leaving a missing or null
     * field null (or zero, or false) for the record's constructor to judge: for messages that have
     * optional parts.
     *
     * @throws JsonProcessingException when the bytes are not exactly one such record
     */
    public <T> T fromJsonBytesWithOptionalFields(byte[] json, Class<T> type) throws IOException {
        return mapper.readerFor(type).readValue(json);
    }

    /** Bytes come only as base64 text; Jackson would also take an array of numbers. */
    private static final class Base64Only extends StdScalarDeserializer<byte[]> {
        private static final long serialVersionUID = 1L;

        Base64Only() {
            super(byte[].class);
        }

        @Override
        public byte[] deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (!p.hasToken(JsonToken.VALUE_STRING)) {
                return (byte[]) ctxt.handleUnexpectedToken(byte[].class, p);
            }
            String text = p.getText();
            try {
                return p.getBinaryValue();
            } catch (JsonProcessingException e) {
                throw InvalidFormatException.from(p, "not base64", text, byte[].class);
            }
        }
    }

    private static String describe(JsonProcessingException e) {
        String field = e instanceof JsonMappingException m ? fieldPath(m) : "";
        if (e instanceof UnrecognizedPropertyException u) {
            return "Unknown parameter \"" + u.getPropertyName() + "\".";
        }
        if (e instanceof ValueInstantiationException v && v.getCause() != null) {
            return "Invalid parameter \"" + field + "\": " + v.getCause().getMessage() + ".";
        }
        if (e instanceof InvalidFormatException f && f.getTargetType() == byte[].class) {
            return "Parameter \"" + field + "\" must be base64 text.";
        }
        if (e instanceof MismatchedInputException m) {
            String message = String.valueOf(m.getOriginalMessage());
            if (message.startsWith("Missing required creator property")) {
                String name = message.replaceAll("(?s).*'([^']*)'.*", "$1");
                return "Parameter \"" + name + "\" is required.";
            }
            return "Parameter \"" + field + "\" " + expectation(m.getTargetType()) + ".";
        }
        return ErrorCode.INVALID_PARAMS.message();
    }

    private static String fieldPath(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."));
    }

    private static String expectation(Class<?> type) {
        if (type == null) {
            return "has the wrong type";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "must be true or false";
        }
        if (type == String.class) {
            return "must be a string";
        }
        if (type == byte[].class) {
            return "must be base64 text";
        }
        if (type == int.class || type == long.class || type == Integer.class || type == Long.class) {
            return "must be an integer";
        }
        if (type.isEnum()) {
            return "must be one of " + java.util.Arrays.stream(type.getEnumConstants())
                    .map(c -> "\"" + c.toString().toLowerCase(java.util.Locale.ROOT) + "\"")
                    .collect(Collectors.joining(", "));
        }
        return "has the wrong type";
    }

    private static boolean isValidId(JsonNode id) {
        if (id.isTextual()) {
            return id.asText().length() <= MAX_ID_LENGTH;
        }
        return id.isIntegralNumber() && id.canConvertToLong();
    }

    private static String text(JsonNode node) {
        return node != null && node.isTextual() ? node.asText() : null;
    }

    private static void rejectUnknownMembers(JsonNode root, Set<String> allowed, JsonNode id)
            throws MalformedMessageException {
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw invalid("Unknown member \"" + shorten(name) + "\".", id);
            }
        }
    }

    /** Echoes a caller's text back only in a bounded, printable form. */
    public static String shorten(String text) {
        String printable = text.replaceAll("[^\\x20-\\x7E]", "?");
        return printable.length() <= 64 ? printable : printable.substring(0, 64) + "…";
    }

    private static MalformedMessageException invalid(String message, JsonNode id) {
        return new MalformedMessageException(ErrorCode.INVALID_REQUEST, message, id);
    }
}
