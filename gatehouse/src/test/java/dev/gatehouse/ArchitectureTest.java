package dev.gatehouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the package boundaries and conventions of ARCHITECTURE.md (§2, §4) by reading the sources
 * under {@code src/main/java}: no ArchUnit, just a small tokenizer that knows comments, strings,
 * imports and type declarations. Every violation is listed in one failure message.
 *
 * <p>A dependency is an {@code import} (plain, static or on-demand) or a fully qualified name in
 * code, e.g. {@code new dev.gatehouse.proxy.ProxyHandler(..)}; names in comments and strings do
 * not count.
 */
class ArchitectureTest {

    /** Surefire runs in the module directory. */
    private static final Path SOURCES = Path.of("src/main/java");

    private static final List<Boundary> BOUNDARIES = List.of(
            new Boundary("dev.gatehouse.balancer", "dev.gatehouse.edge", "dev.gatehouse.routing", "dev.gatehouse.security"),
            new Boundary("dev.gatehouse.health", "dev.gatehouse.edge", "dev.gatehouse.routing", "dev.gatehouse.security"),
            new Boundary("dev.gatehouse.proxy", "dev.gatehouse.security"),
            new Boundary("dev.gatehouse.upstream", "dev.gatehouse.proxy", "dev.gatehouse.edge"));

    private static final Set<String> TYPE_KEYWORDS = Set.of("class", "interface", "enum", "record");
    private static final Set<String> MODIFIERS = Set.of("public", "protected", "private", "abstract", "static",
            "final", "sealed", "non", "strictfp");

    @Test
    void theSourceTreeKeepsTheArchitecture() {
        assertThat(SOURCES).as("run from the gatehouse module directory").isDirectory();

        List<String> violations = violations(readSources(SOURCES));

        assertThat(violations)
                .withFailMessage(() -> violations.size() + " architecture violation(s) in " + SOURCES.toAbsolutePath()
                        + ":\n  " + String.join("\n  ", violations))
                .isEmpty();
    }

    // ---------------------------------------------------------------- the checker checks itself

    @Test
    void findsForbiddenImportsAndQualifiedNames() {
        Map<String, String> sources = new TreeMap<>();
        sources.put("dev/gatehouse/balancer/package-info.java", "/** Doc. */\npackage dev.gatehouse.balancer;\n");
        sources.put("dev/gatehouse/balancer/Bad.java", """
                package dev.gatehouse.balancer;

                import dev.gatehouse.edge.EdgeListener;
                import static dev.gatehouse.routing.Router.compile;
                import dev.gatehouse.security.*;
                import dev.gatehouse.edgeless.Fine;

                /** Doc with {@link dev.gatehouse.routing.Router}. */
                public final class Bad {
                    String s = "dev.gatehouse.security.Nope";
                    Object o = new dev.gatehouse.routing.Route(null, null, null, null, 0);
                }
                """);

        assertThat(violations(sources)).containsExactly(
                "dev/gatehouse/balancer/Bad.java:3: dev.gatehouse.balancer must not depend on dev.gatehouse.edge"
                        + " (import dev.gatehouse.edge.EdgeListener)",
                "dev/gatehouse/balancer/Bad.java:4: dev.gatehouse.balancer must not depend on dev.gatehouse.routing"
                        + " (import dev.gatehouse.routing.Router.compile)",
                "dev/gatehouse/balancer/Bad.java:5: dev.gatehouse.balancer must not depend on dev.gatehouse.security"
                        + " (import dev.gatehouse.security.*)",
                "dev/gatehouse/balancer/Bad.java:11: dev.gatehouse.balancer must not depend on dev.gatehouse.routing"
                        + " (dev.gatehouse.routing.Route)");
    }

    @Test
    void findsMissingPackageInfoJavadocAndBannedNames() {
        Map<String, String> sources = new TreeMap<>();
        sources.put("dev/gatehouse/x/FooImpl.java", """
                package dev.gatehouse.x;

                /** Documented, with an annotation between. */
                @SuppressWarnings({"unused", "rawtypes"})
                // a plain comment may sit between too
                public final class FooImpl {
                    static final class ConnectionManager {
                    }
                    Class<?> c = String.class;
                }
                """);
        sources.put("dev/gatehouse/x/IThing.java", """
                package dev.gatehouse.x;

                /** Doc. */
                import java.util.List;

                public interface IThing {
                }

                interface Ip {
                }

                final class StringUtils {
                }
                """);
        sources.put("dev/gatehouse/x/Rec.java", """
                package dev.gatehouse.x;

                /** Doc. */
                public record Rec(String record) {
                }
                """);
        sources.put("dev/gatehouse/x/Ann.java", """
                package dev.gatehouse.x;

                /** Doc. */
                int misplaced;
                public @interface Ann {
                }
                """);

        assertThat(violations(sources)).containsExactly(
                "dev/gatehouse/x: package has no package-info.java",
                "dev/gatehouse/x/Ann.java:5: public type Ann has no javadoc right before its declaration",
                "dev/gatehouse/x/FooImpl.java:6: type name FooImpl ends with Impl (see ARCHITECTURE.md §4.1)",
                "dev/gatehouse/x/FooImpl.java:7: type name ConnectionManager ends with Manager (see ARCHITECTURE.md §4.1)",
                "dev/gatehouse/x/IThing.java:6: public type IThing has no javadoc right before its declaration",
                "dev/gatehouse/x/IThing.java:6: interface name IThing starts with I and an upper-case letter"
                        + " (see ARCHITECTURE.md §4.1)",
                "dev/gatehouse/x/IThing.java:12: type name StringUtils ends with Utils (see ARCHITECTURE.md §4.1)");
    }

    // ---------------------------------------------------------------- checks

    static List<String> violations(Map<String, String> sources) {
        List<String> out = new ArrayList<>();
        Set<String> packages = new TreeSet<>();
        Set<String> documentedPackages = new TreeSet<>();
        for (Map.Entry<String, String> file : sources.entrySet()) {
            String path = file.getKey();
            int slash = path.lastIndexOf('/');
            String dir = slash < 0 ? "" : path.substring(0, slash);
            packages.add(dir);
            if (path.endsWith("/package-info.java") || path.equals("package-info.java")) {
                documentedPackages.add(dir);
            }
            checkFile(path, file.getValue(), out);
        }
        for (String dir : packages) {
            if (!documentedPackages.contains(dir)) {
                out.add(dir + ": package has no package-info.java");
            }
        }
        out.sort(ArchitectureTest::byFileThenLine);
        return out;
    }

    private static void checkFile(String path, String source, List<String> out) {
        List<Token> tokens = Tokenizer.tokenize(source);
        String pkg = "";
        int depth = 0;
        boolean javadocPending = false;
        boolean publicSeen = false;
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            switch (t.kind) {
                case JAVADOC -> {
                    if (depth == 0) {
                        javadocPending = true;
                    }
                    continue;
                }
                case COMMENT -> {
                    continue;
                }
                default -> {
                }
            }
            if (t.is("{")) {
                depth++;
                javadocPending = false;
                publicSeen = false;
                continue;
            }
            if (t.is("}")) {
                depth--;
                javadocPending = false;
                publicSeen = false;
                continue;
            }
            if (depth == 0 && (t.is("package") || t.is("import"))) {
                int end = indexOf(tokens, ";", i);
                boolean isStatic = t.is("import") && tokens.get(i + 1).is("static");
                String name = joined(tokens, isStatic ? i + 2 : i + 1, end);
                if (t.is("package")) {
                    pkg = name;
                } else {
                    checkDependency(path, t.line, pkg, name, "import " + name, out);
                }
                i = end;
                javadocPending = false;
                publicSeen = false;
                continue;
            }
            if (t.is("@") && i + 1 < tokens.size() && !tokens.get(i + 1).is("interface")) {
                // An annotation (and its arguments) may sit between a javadoc and its declaration.
                i = skipAnnotation(tokens, i);
                continue;
            }
            boolean annotationType = t.is("@") && i + 2 < tokens.size() && tokens.get(i + 1).is("interface");
            if (annotationType || isTypeKeyword(tokens, i)) {
                int nameAt = annotationType ? i + 2 : i + 1;
                String name = tokens.get(nameAt).text;
                boolean isInterface = annotationType || t.is("interface");
                if (depth == 0 && publicSeen && !javadocPending) {
                    out.add(path + ":" + t.line + ": public type " + name + " has no javadoc right before its declaration");
                }
                checkTypeName(path, t.line, name, isInterface, out);
                javadocPending = false;
                publicSeen = false;
                i = nameAt;
                continue;
            }
            if (t.kind == Kind.WORD && MODIFIERS.contains(t.text)) {
                publicSeen |= t.is("public");
                continue;
            }
            if (t.is("-") && i > 0 && tokens.get(i - 1).is("non")) {
                continue; // non-sealed
            }
            if (t.kind == Kind.WORD && t.text.equals("dev") && i + 2 < tokens.size() && tokens.get(i + 1).is(".")
                    && tokens.get(i + 2).is("gatehouse") && (i == 0 || !tokens.get(i - 1).is("."))) {
                int end = i + 1;
                while (end + 1 < tokens.size() && tokens.get(end).is(".") && tokens.get(end + 1).kind == Kind.WORD) {
                    end += 2;
                }
                String name = joined(tokens, i, end);
                checkDependency(path, t.line, pkg, name, name, out);
                i = end - 1;
            }
            javadocPending = false;
            publicSeen = false;
        }
    }

    private static boolean isTypeKeyword(List<Token> tokens, int i) {
        Token t = tokens.get(i);
        if (t.kind != Kind.WORD || !TYPE_KEYWORDS.contains(t.text) || i + 1 >= tokens.size()) {
            return false;
        }
        if (i > 0 && (tokens.get(i - 1).is(".") || tokens.get(i - 1).is("::"))) {
            return false; // String.class
        }
        if (tokens.get(i + 1).kind != Kind.WORD) {
            return false; // "record" used as a name: String record) or record;
        }
        // "record" is contextual: a declaration is "record Name(" or "record Name<".
        return !t.is("record") || (i + 2 < tokens.size() && (tokens.get(i + 2).is("(") || tokens.get(i + 2).is("<")));
    }

    private static void checkTypeName(String path, int line, String name, boolean isInterface, List<String> out) {
        for (String suffix : List.of("Impl", "Manager", "Utils", "Util")) {
            if (name.endsWith(suffix)) {
                out.add(path + ":" + line + ": type name " + name + " ends with " + suffix + " (see ARCHITECTURE.md §4.1)");
                break;
            }
        }
        if (isInterface && name.length() > 1 && name.charAt(0) == 'I' && Character.isUpperCase(name.charAt(1))) {
            out.add(path + ":" + line + ": interface name " + name
                    + " starts with I and an upper-case letter (see ARCHITECTURE.md §4.1)");
        }
    }

    private static void checkDependency(String path, int line, String pkg, String target, String what, List<String> out) {
        for (Boundary b : BOUNDARIES) {
            if (!within(pkg, b.from)) {
                continue;
            }
            for (String forbidden : b.forbidden) {
                if (within(target, forbidden)) {
                    out.add(path + ":" + line + ": " + b.from + " must not depend on " + forbidden + " (" + what + ")");
                }
            }
        }
    }

    /** {@code name} is {@code pkg} or inside it ({@code dev.gatehouse.edge.http1.X}), not a sibling ({@code edgeless}). */
    private static boolean within(String name, String pkg) {
        return name.equals(pkg) || name.startsWith(pkg + ".");
    }

    private static int skipAnnotation(List<Token> tokens, int at) {
        int i = at + 1;
        while (i + 2 < tokens.size() && tokens.get(i + 1).is(".")) {
            i += 2; // @java.lang.Deprecated
        }
        if (i + 1 < tokens.size() && tokens.get(i + 1).is("(")) {
            int parens = 0;
            for (int j = i + 1; j < tokens.size(); j++) {
                if (tokens.get(j).is("(")) {
                    parens++;
                } else if (tokens.get(j).is(")") && --parens == 0) {
                    return j;
                }
            }
        }
        return i;
    }

    private static int indexOf(List<Token> tokens, String text, int from) {
        for (int i = from; i < tokens.size(); i++) {
            if (tokens.get(i).is(text)) {
                return i;
            }
        }
        return tokens.size();
    }

    private static String joined(List<Token> tokens, int from, int to) {
        StringBuilder sb = new StringBuilder();
        for (int i = from; i < to; i++) {
            sb.append(tokens.get(i).text);
        }
        return sb.toString();
    }

    private static int byFileThenLine(String a, String b) {
        String[] pa = a.split(":", 3);
        String[] pb = b.split(":", 3);
        int c = pa[0].compareTo(pb[0]);
        if (c != 0) {
            return c;
        }
        return Integer.compare(lineOf(pa), lineOf(pb));
    }

    private static int lineOf(String[] parts) {
        try {
            return Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            return 0; // package-level findings first
        }
    }

    private static Map<String, String> readSources(Path root) {
        Map<String, String> sources = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
                String relative = root.relativize(file).toString().replace('\\', '/');
                sources.put(relative, Files.readString(file, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sources;
    }

    // ---------------------------------------------------------------- tokens

    private record Boundary(String from, List<String> forbidden) {
        Boundary(String from, String... forbidden) {
            this(from, List.of(forbidden));
        }
    }

    private enum Kind { WORD, SYMBOL, STRING, COMMENT, JAVADOC }

    private record Token(Kind kind, String text, int line) {
        boolean is(String s) {
            return (kind == Kind.WORD || kind == Kind.SYMBOL) && text.equals(s);
        }
    }

    /** Just enough of Java's lexical grammar to find comments, strings, words and symbols. */
    private static final class Tokenizer {

        static List<Token> tokenize(String s) {
            List<Token> out = new ArrayList<>();
            int line = 1;
            int i = 0;
            int n = s.length();
            while (i < n) {
                char c = s.charAt(i);
                int start = i;
                int startLine = line;
                if (c == '\n') {
                    line++;
                    i++;
                    continue;
                }
                if (Character.isWhitespace(c)) {
                    i++;
                    continue;
                }
                if (s.startsWith("//", i)) {
                    while (i < n && s.charAt(i) != '\n') {
                        i++;
                    }
                    out.add(new Token(Kind.COMMENT, s.substring(start, i), startLine));
                    continue;
                }
                if (s.startsWith("/*", i)) {
                    int end = s.indexOf("*/", i + 2);
                    end = end < 0 ? n : end + 2;
                    String text = s.substring(start, end);
                    line += count(text, '\n');
                    boolean javadoc = text.startsWith("/**") && !text.equals("/**/");
                    out.add(new Token(javadoc ? Kind.JAVADOC : Kind.COMMENT, text, startLine));
                    i = end;
                    continue;
                }
                if (s.startsWith("\"\"\"", i)) {
                    int end = s.indexOf("\"\"\"", i + 3);
                    while (end > 0 && isEscaped(s, end)) {
                        end = s.indexOf("\"\"\"", end + 1);
                    }
                    end = end < 0 ? n : end + 3;
                    line += count(s.substring(start, end), '\n');
                    out.add(new Token(Kind.STRING, s.substring(start, end), startLine));
                    i = end;
                    continue;
                }
                if (c == '"' || c == '\'') {
                    i++;
                    while (i < n && s.charAt(i) != c && s.charAt(i) != '\n') {
                        i += s.charAt(i) == '\\' ? 2 : 1;
                    }
                    i = Math.min(i + 1, n);
                    out.add(new Token(Kind.STRING, s.substring(start, i), startLine));
                    continue;
                }
                if (Character.isJavaIdentifierStart(c) || Character.isDigit(c)) {
                    while (i < n && Character.isJavaIdentifierPart(s.charAt(i))) {
                        i++;
                    }
                    out.add(new Token(Kind.WORD, s.substring(start, i), startLine));
                    continue;
                }
                if (s.startsWith("::", i)) {
                    out.add(new Token(Kind.SYMBOL, "::", startLine));
                    i += 2;
                    continue;
                }
                out.add(new Token(Kind.SYMBOL, String.valueOf(c), startLine));
                i++;
            }
            return out;
        }

        private static boolean isEscaped(String s, int at) {
            int backslashes = 0;
            for (int j = at - 1; j >= 0 && s.charAt(j) == '\\'; j--) {
                backslashes++;
            }
            return backslashes % 2 == 1;
        }

        private static int count(String s, char c) {
            int k = 0;
            for (int i = 0; i < s.length(); i++) {
                if (s.charAt(i) == c) {
                    k++;
                }
            }
            return k;
        }
    }
}
