package io.rampart;

import java.util.function.Predicate;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine's layers, as the package javadoc draws them, checked on the compiled classes:
 * <ol>
 * <li>the front door ({@code Engine}, {@code Distributor}) is the only part of the API that reaches
 *     into {@code io.rampart.internal};</li>
 * <li>the internals never reach back up to the front door;</li>
 * <li>the balancers ({@code io.rampart.balance}) know nothing of the engine's internals or its front
 *     door;</li>
 * <li>no public or protected signature of an exported package names an internal type, so the API
 *     does not leak what {@code module-info} keeps unexported.</li>
 * </ol>
 */
class LayersTest {
    private static final String INTERNAL = "io.rampart.internal.";
    private static final String BALANCE = "io.rampart.balance.";
    private static final Set<String> FRONT_DOOR = Set.of("io.rampart.Engine", "io.rampart.Distributor");

    @Test
    void onlyTheFrontDoorReachesIntoTheInternals() {
        Set<String> reaching = new TreeSet<>();
        ClassGraph.engine().forEach((from, uses) -> {
            if (!from.startsWith(INTERNAL) && uses.stream().anyMatch(u -> u.startsWith(INTERNAL))) {
                reaching.add(from);
            }
        });
        assertThat(reaching).as("API files that use io.rampart.internal").isEqualTo(new TreeSet<>(FRONT_DOOR));
    }

    @Test
    void theInternalsNeverReachBackUpToTheFrontDoor() {
        assertThat(edges(from -> from.startsWith(INTERNAL), FRONT_DOOR::contains)).isEmpty();
    }

    @Test
    void theBalancersKnowNothingOfTheInternalsOrTheFrontDoor() {
        assertThat(edges(from -> from.startsWith(BALANCE), to -> to.startsWith(INTERNAL) || FRONT_DOOR.contains(to)))
                .isEmpty();
    }

    @Test
    void noPublicSignatureOfAnExportedPackageNamesAnInternalType() throws Exception {
        List<String> leaks = new ArrayList<>();
        int checked = 0;
        for (Class<?> c : exportedPublicTypes()) {
            checked++;
            check(c + " extends", c.getGenericSuperclass(), leaks);
            for (Type t : c.getGenericInterfaces()) {
                check(c + " implements", t, leaks);
            }
            for (Field f : c.getDeclaredFields()) {
                if (visible(f.getModifiers())) {
                    check(f.toString(), f.getGenericType(), leaks);
                }
            }
            for (Constructor<?> k : c.getDeclaredConstructors()) {
                checkExecutable(k, leaks);
            }
            for (Method m : c.getDeclaredMethods()) {
                if (!m.isSynthetic()) {
                    checkExecutable(m, leaks);
                }
            }
        }
        assertThat(checked).as("public types found in io.rampart and io.rampart.balance").isGreaterThan(30);
        assertThat(leaks).as("API signatures that name io.rampart.internal types").isEmpty();
    }

    private static List<String> edges(Predicate<String> from, Predicate<String> to) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, Set<String>> e : ClassGraph.engine().entrySet()) {
            if (from.test(e.getKey())) {
                e.getValue().stream().filter(to).forEach(t -> out.add(e.getKey() + " -> " + t));
            }
        }
        return out;
    }

    private static void checkExecutable(Executable x, List<String> leaks) {
        if (!visible(x.getModifiers())) {
            return;
        }
        for (Type t : x.getGenericParameterTypes()) {
            check(x.toString(), t, leaks);
        }
        for (Type t : x.getGenericExceptionTypes()) {
            check(x.toString(), t, leaks);
        }
        if (x instanceof Method m) {
            check(x.toString(), m.getGenericReturnType(), leaks);
        }
    }

    private static boolean visible(int modifiers) {
        return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
    }

    private static void check(String where, Type t, List<String> leaks) {
        if (t == null) {
            return;
        }
        if (t instanceof Class<?> c) {
            while (c.isArray()) {
                c = c.getComponentType();
            }
            if (c.getName().startsWith(INTERNAL)) {
                leaks.add(where + " names " + c.getName());
            }
        } else if (t instanceof ParameterizedType p) {
            check(where, p.getRawType(), leaks);
            for (Type a : p.getActualTypeArguments()) {
                check(where, a, leaks);
            }
        } else if (t instanceof GenericArrayType g) {
            check(where, g.getGenericComponentType(), leaks);
        } else if (t instanceof WildcardType w) {
            Stream.concat(Stream.of(w.getUpperBounds()), Stream.of(w.getLowerBounds())).forEach(b -> check(where, b, leaks));
        } else if (t instanceof TypeVariable<?> v) {
            for (Type b : v.getBounds()) {
                if (!(b instanceof TypeVariable<?>)) {
                    check(where, b, leaks);
                }
            }
        }
    }

    /** Public top-level and nested types of io.rampart and io.rampart.balance, from target/classes. */
    private static List<Class<?>> exportedPublicTypes() throws Exception {
        List<Class<?>> out = new ArrayList<>();
        for (String pkg : List.of("io/rampart", "io/rampart/balance")) {
            try (Stream<Path> files = Files.list(Path.of("target", "classes").resolve(pkg))) {
                for (Path p : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                    String name = p.getFileName().toString();
                    if (name.equals("package-info.class") || name.matches(".*\\$\\d+.*")) {
                        continue; // anonymous classes are nobody's API
                    }
                    Class<?> c = Class.forName(pkg.replace('/', '.') + "." + name.substring(0, name.length() - 6),
                            false, LayersTest.class.getClassLoader());
                    if (isVisibleFromOutside(c)) {
                        out.add(c);
                    }
                }
            }
        }
        return out;
    }

    private static boolean isVisibleFromOutside(Class<?> c) {
        for (Class<?> k = c; k != null; k = k.getDeclaringClass()) {
            if (!visible(k.getModifiers())) {
                return false;
            }
        }
        return true;
    }
}
