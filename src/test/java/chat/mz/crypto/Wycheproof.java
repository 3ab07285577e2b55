package chat.mz.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;

/**
 * Reads a Wycheproof file from {@code src/test/resources/wycheproof/} and turns each of its vectors
 * into a dynamic test, plus one closing test that checks every vector was run.
 *
 * <p>A check runs one vector through {@code chat.mz.crypto} and reports whether the implementation
 * <em>accepted</em> it (decrypted, verified, derived); when it accepts, the check itself asserts
 * that the output is the expected one. The runner then holds the verdict against the vector's
 * {@code result}: {@code valid} must be accepted, {@code invalid} refused, and {@code acceptable}
 * may go either way unless a policy pins which, but it must not end in an unexpected exception.
 */
final class Wycheproof {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One test case with the group it belongs to (keys and sizes often live in the group). */
    record Vector(JsonNode group, JsonNode test) {
        int tcId() {
            return test.get("tcId").asInt();
        }

        String result() {
            return test.get("result").asText();
        }

        boolean hasFlag(String flag) {
            for (JsonNode f : test.get("flags")) {
                if (f.asText().equals(flag)) {
                    return true;
                }
            }
            return false;
        }

        /** A hex field of the test case. */
        byte[] hex(String field) {
            return TestRandom.hex(text(test, field));
        }

        /** A hex field of the group. */
        byte[] groupHex(String field) {
            return TestRandom.hex(text(group, field));
        }

        int groupInt(String field) {
            return group.get(field).asInt();
        }

        int testInt(String field) {
            return test.get(field).asInt();
        }

        private static String text(JsonNode node, String field) {
            JsonNode value = node.get(field);
            if (value == null || !value.isTextual()) {
                throw new AssertionError("vector lacks the text field " + field);
            }
            return value.asText();
        }

        String displayName() {
            List<String> flags = new ArrayList<>();
            test.get("flags").forEach(f -> flags.add(f.asText()));
            String comment = test.get("comment").asText();
            return "tcId " + tcId() + " " + flags + (comment.isEmpty() ? "" : " " + comment) + " → " + result();
        }
    }

    /** Runs one vector; answers whether the implementation accepted it. */
    @FunctionalInterface
    interface Check {
        boolean accepts(Vector vector) throws Exception;
    }

    private Wycheproof() {
    }

    /** Every vector of {@code file}, with no policy for {@code acceptable} ones. */
    static Stream<DynamicTest> tests(String file, Check check) {
        return tests(file, check, null);
    }

    /**
     * Every vector of {@code file} as a dynamic test, then a closing test that all of them ran.
     *
     * @param acceptablePolicy if not null, the verdict the implementation must reach on an
     *        {@code acceptable} vector (pinning mzchat's choice rather than allowing either)
     */
    static Stream<DynamicTest> tests(String file, Check check, Predicate<Vector> acceptablePolicy) {
        JsonNode root = load(file);
        int declared = root.get("numberOfTests").asInt();
        List<Vector> vectors = new ArrayList<>();
        for (JsonNode group : root.get("testGroups")) {
            for (JsonNode test : group.get("tests")) {
                vectors.add(new Vector(group, test));
            }
        }
        // a parser bug must not silently skip vectors: fail the whole factory before running any
        assertEquals(declared, vectors.size(), file + ": vectors found vs numberOfTests");
        Set<Integer> ids = new HashSet<>();
        vectors.forEach(v -> assertTrue(ids.add(v.tcId()), file + ": duplicate tcId " + v.tcId()));

        AtomicInteger ran = new AtomicInteger();
        TreeMap<String, Integer> tally = new TreeMap<>();
        Stream<DynamicTest> each = vectors.stream().map(v -> dynamicTest(v.displayName(), () -> {
            ran.incrementAndGet();
            boolean accepted;
            try {
                accepted = check.accepts(v);
            } catch (AssertionError e) {
                // Surefire's report names dynamic tests only by index: say which vector failed
                throw new AssertionError(v.displayName() + ": " + e.getMessage(), e);
            } catch (Exception e) {
                throw new AssertionError(v.displayName() + ": crashed instead of accepting or refusing: " + e, e);
            }
            synchronized (tally) {
                tally.merge(v.result() + " → " + (accepted ? "accepted" : "refused"), 1, Integer::sum);
            }
            switch (v.result()) {
                case "valid" -> assertTrue(accepted, () -> v.displayName() + ": a valid vector was refused");
                case "invalid" -> assertFalse(accepted, () -> v.displayName() + ": an invalid vector was accepted");
                case "acceptable" -> {
                    if (acceptablePolicy != null) {
                        assertEquals(acceptablePolicy.test(v), accepted,
                                () -> v.displayName() + ": mzchat's policy for this acceptable vector");
                    }
                }
                default -> fail(v.displayName() + ": unknown result " + v.result());
            }
        }));
        DynamicTest closing = dynamicTest("all " + declared + " vectors of " + file + " ran", () -> {
            assertEquals(declared, ran.get(), "vectors run");
            System.out.println(file + ": " + ran.get() + " vectors run: " + tally);
        });
        return Stream.concat(each, Stream.of(closing));
    }

    private static JsonNode load(String file) {
        try (InputStream in = Wycheproof.class.getResourceAsStream("/wycheproof/" + file)) {
            if (in == null) {
                throw new AssertionError("missing test resource wycheproof/" + file);
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
