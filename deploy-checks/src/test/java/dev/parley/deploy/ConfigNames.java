package dev.parley.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.StaticJavaParser;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.body.ClassOrInterfaceDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.expr.AnnotationExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.NormalAnnotationExpr;
import com.github.javaparser.ast.expr.SingleMemberAnnotationExpr;
import com.github.javaparser.ast.type.ClassOrInterfaceType;
import com.github.javaparser.ast.type.Type;

/**
 * The configuration a module reads, as environment variable names: the keys of its application.properties, the
 * properties its expressions refer to, its {@code @ConfigMapping} interfaces and {@code @ConfigProperty} names
 * (in its own sources and in the Parley libraries it uses), and a short list of standard ones. An environment
 * variable is accepted when MicroProfile Config would map it onto one of them (a.b-c.d is A_B_C_D).
 */
final class ConfigNames {

    /**
     * Read outside application.properties and the sources. Each entry is kept because the deployment sets it:
     * JAVA_OPTS and JAVA_OPTS_APPEND are read by the images' entrypoint; the three forwarded-header settings are
     * Quarkus HTTP runtime properties that the gateway does not list in its application.properties.
     */
    static final Set<String> STANDARD = Set.of(
            "JAVA_OPTS",
            "JAVA_OPTS_APPEND",
            "QUARKUS_HTTP_PROXY_PROXY_ADDRESS_FORWARDING",
            "QUARKUS_HTTP_PROXY_ALLOW_X_FORWARDED",
            "QUARKUS_HTTP_PROXY_TRUSTED_PROXIES");

    /**
     * Settings of the Kafka clients. Quarkus hands every kafka.* property, and every KAFKA_* variable (lower-cased,
     * underscores made dots), to the producers, consumers and admin clients of a module that uses Kafka; so
     * KAFKA_SASL_JAAS_CONFIG is read, and KAFKA_SASL_JAAS is a mistake.
     */
    private static final Set<String> KAFKA_CLIENT_SETTINGS = Stream.of(
            org.apache.kafka.clients.producer.ProducerConfig.configNames(),
            org.apache.kafka.clients.consumer.ConsumerConfig.configNames(),
            org.apache.kafka.clients.admin.AdminClientConfig.configNames())
            .flatMap(Set::stream).collect(java.util.stream.Collectors.toUnmodifiableSet());

    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{([^}:]+)");
    private static final Pattern PROFILE = Pattern.compile("^%[\\w,-]+\\.");
    private static final Pattern PARLEY_DEPENDENCY =
            Pattern.compile("<groupId>dev\\.parley</groupId>\\s*<artifactId>([^<]+)</artifactId>(?:\\s*<scope>([^<]+)</scope>)?");
    private static final Pattern CONFIG_LOOKUP =
            Pattern.compile("get(?:Optional)?Value\\(\\s*\"([a-z0-9.\"-]+)\"");

    /** Environment variable names that are read as they are. */
    private final Set<String> exact = new TreeSet<>();
    /** Prefixes of environment variable names of map properties (a map key follows the prefix). */
    private final Set<String> prefixes = new TreeSet<>();

    private ConfigNames() {
    }

    /** Read once per module and test run: parsing the sources is the slow part of the checks. */
    private static final Map<String, ConfigNames> BY_MODULE = new ConcurrentHashMap<>();

    static ConfigNames of(String module) {
        return BY_MODULE.computeIfAbsent(module, ConfigNames::read);
    }

    private static ConfigNames read(String module) {
        ConfigNames names = new ConfigNames();
        STANDARD.forEach(names.exact::add);
        ServiceModule.properties(module).stringPropertyNames().forEach(key -> {
            names.exact.add(environmentName(PROFILE.matcher(key).replaceFirst("")));
        });
        Matcher expressions = EXPRESSION.matcher(Repository.read(module + "/src/main/resources/application.properties"));
        while (expressions.find()) {
            names.exact.add(environmentName(expressions.group(1)));
        }
        if (ServiceModule.properties(module).getProperty("kafka.bootstrap.servers") != null) {
            KAFKA_CLIENT_SETTINGS.forEach(setting -> names.exact.add(environmentName("kafka." + setting)));
        }
        for (String sourceModule : sourceModules(module)) {
            Path sources = Repository.path(sourceModule + "/src/main/java");
            if (Files.isDirectory(sources)) {
                javaFiles(sources).forEach(names::readSource);
            }
        }
        return names;
    }

    /** The MicroProfile Config environment variable of a property name. */
    static String environmentName(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    boolean reads(String environmentVariable) {
        return exact.contains(environmentVariable) || prefixes.stream()
                .anyMatch(prefix -> environmentVariable.startsWith(prefix) && environmentVariable.length() > prefix.length());
    }

    /** The module and the Parley library modules it depends on (not for tests), whose settings it reads too. */
    private static List<String> sourceModules(String module) {
        List<String> modules = new ArrayList<>(List.of(module));
        Matcher dependencies = PARLEY_DEPENDENCY.matcher(Repository.read(module + "/pom.xml"));
        while (dependencies.find()) {
            if (!"test".equals(dependencies.group(2))) {
                moduleOfArtifact(dependencies.group(1)).ifPresent(modules::add);
            }
        }
        return modules;
    }

    private static Optional<String> moduleOfArtifact(String artifactId) {
        return Repository.modules().stream()
                .filter(candidate -> artifactIdOf(candidate).equals(artifactId))
                .findFirst();
    }

    private static String artifactIdOf(String module) {
        String pom = Repository.read(module + "/pom.xml");
        String afterParent = pom.substring(pom.indexOf("</parent>"));
        Matcher matcher = Pattern.compile("<artifactId>([^<]+)</artifactId>").matcher(afterParent);
        return matcher.find() ? matcher.group(1) : "";
    }

    private static List<Path> javaFiles(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(file -> file.toString().endsWith(".java")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void readSource(Path file) {
        String source = Repository.read(file);
        Matcher lookups = CONFIG_LOOKUP.matcher(source);
        while (lookups.find()) {
            exact.add(environmentName(lookups.group(1)));
        }
        if (!source.contains("ConfigMapping") && !source.contains("ConfigProperty")) {
            return;
        }
        StaticJavaParser.getParserConfiguration().setLanguageLevel(ParserConfiguration.LanguageLevel.JAVA_17);
        CompilationUnit unit = StaticJavaParser.parse(source);
        unit.findAll(AnnotationExpr.class).stream()
                .filter(annotation -> annotation.getNameAsString().endsWith("ConfigProperty"))
                .forEach(annotation -> member(annotation, "name").ifPresent(name -> exact.add(environmentName(name))));
        for (ClassOrInterfaceDeclaration mapping : unit.findAll(ClassOrInterfaceDeclaration.class)) {
            mapping.getAnnotationByName("ConfigMapping")
                    .flatMap(annotation -> member(annotation, "prefix"))
                    .ifPresent(prefix -> readMapping(unit, mapping, prefix));
        }
    }

    /** Every property of a mapping interface: method names in kebab case, groups (nested interfaces) recursively. */
    private void readMapping(CompilationUnit unit, ClassOrInterfaceDeclaration mapping, String prefix) {
        for (MethodDeclaration method : mapping.getMethods()) {
            if (method.getParameters().isNonEmpty() || method.isDefault() || method.isStatic()) {
                continue;
            }
            String name = method.getAnnotationByName("WithName").flatMap(annotation -> member(annotation, "value"))
                    .orElse(kebabCase(method.getNameAsString()));
            String property = method.getAnnotationByName("WithParentName").isPresent() ? prefix : prefix + "." + name;
            Type type = unwrap(method.getType(), "Optional");
            if (type instanceof ClassOrInterfaceType classType && classType.getNameAsString().equals("Map")) {
                prefixes.add(environmentName(property) + "_");
                continue;
            }
            Optional<ClassOrInterfaceDeclaration> group = type instanceof ClassOrInterfaceType classType
                    ? unit.findFirst(ClassOrInterfaceDeclaration.class,
                            declaration -> declaration.isInterface()
                                    && declaration.getNameAsString().equals(classType.getNameAsString()))
                    : Optional.empty();
            if (group.isPresent()) {
                readMapping(unit, group.get(), property);
            } else {
                exact.add(environmentName(property));
            }
        }
    }

    private static Type unwrap(Type type, String wrapper) {
        if (type instanceof ClassOrInterfaceType classType && classType.getNameAsString().equals(wrapper)
                && classType.getTypeArguments().isPresent()) {
            return classType.getTypeArguments().get().get(0);
        }
        return type;
    }

    private static Optional<String> member(AnnotationExpr annotation, String member) {
        Expression value = null;
        if (annotation instanceof SingleMemberAnnotationExpr single && member.equals("value")) {
            value = single.getMemberValue();
        } else if (annotation instanceof NormalAnnotationExpr normal) {
            value = normal.getPairs().stream().filter(pair -> pair.getNameAsString().equals(member))
                    .map(pair -> pair.getValue()).findFirst().orElse(null);
        } else if (annotation instanceof SingleMemberAnnotationExpr single && member.equals("prefix")) {
            value = single.getMemberValue();
        }
        return value != null && value.isStringLiteralExpr()
                ? Optional.of(value.asStringLiteralExpr().asString())
                : Optional.empty();
    }

    private static String kebabCase(String camelCase) {
        return camelCase.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }
}
