package io.rampart;

import java.util.HashSet;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No two engine files reach each other in a loop. The dependencies are read from the compiled
 * classes with {@code jdeps} (what the code really uses, not what its imports say), folded onto
 * top-level classes (a nested class belongs to its file), and cut into strongly connected
 * components.
 *
 * <p>One loop shape is allowed, the JDK's own idiom: an interface whose static factories return its
 * built-in implementations ({@code LoadBalancer.roundRobin()}), where the implementations reach back
 * only by implementing it. Any other loop fails this test.
 */
class NoFileCyclesTest {
    @Test
    void engineFilesFormNoLoopsButTheJdkIdiom() throws Exception {
        Map<String, Set<String>> graph = ClassGraph.engine();

        List<String> problems = new ArrayList<>();
        for (Set<String> loop : loops(graph)) {
            if (isInterfaceWithItsImplementations(loop)) {
                continue;
            }
            Set<String> simple = new TreeSet<>();
            loop.forEach(c -> simple.add(c.substring(c.lastIndexOf('.') + 1)));
            problems.add("files in a loop: " + simple);
        }
        assertThat(problems).as("file loops in the engine (jdeps -verbose:class)").isEmpty();
    }

    /** Strongly connected components of more than one class (Tarjan, iterative enough for this size). */
    private static List<Set<String>> loops(Map<String, Set<String>> graph) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new HashSet<>();
        List<Set<String>> out = new ArrayList<>();
        int[] counter = {0};
        for (String v : graph.keySet()) {
            if (!index.containsKey(v)) {
                connect(v, graph, index, low, stack, onStack, out, counter);
            }
        }
        return out;
    }

    private static void connect(String v, Map<String, Set<String>> graph, Map<String, Integer> index,
                                Map<String, Integer> low, Deque<String> stack, Set<String> onStack,
                                List<Set<String>> out, int[] counter) {
        index.put(v, counter[0]);
        low.put(v, counter[0]++);
        stack.push(v);
        onStack.add(v);
        for (String w : graph.get(v)) {
            if (!index.containsKey(w)) {
                connect(w, graph, index, low, stack, onStack, out, counter);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (onStack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            Set<String> component = new TreeSet<>();
            String w;
            do {
                w = stack.pop();
                onStack.remove(w);
                component.add(w);
            } while (!w.equals(v));
            if (component.size() > 1) {
                out.add(component);
            }
        }
    }

    /** The JDK idiom: exactly one interface, and every other class of the loop implements it. */
    private static boolean isInterfaceWithItsImplementations(Set<String> loop) throws ClassNotFoundException {
        Class<?> iface = null;
        List<Class<?>> others = new ArrayList<>();
        for (String name : loop) {
            Class<?> c = Class.forName(name, false, NoFileCyclesTest.class.getClassLoader());
            if (c.isInterface()) {
                if (iface != null) {
                    return false;
                }
                iface = c;
            } else {
                others.add(c);
            }
        }
        Class<?> i = iface;
        return i != null && others.stream().allMatch(i::isAssignableFrom);
    }
}
