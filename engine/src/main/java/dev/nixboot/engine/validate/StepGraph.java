package dev.nixboot.engine.validate;

import dev.nixboot.engine.api.Spelling;
import dev.nixboot.engine.load.Problems;
import dev.nixboot.engine.load.Scalar;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * The dependencies between steps: explicit {@code needs}, or the step before when there is none. Reports unknown ids
 * and cycles, and orders the steps so that each comes after what it needs, ties kept in file order.
 */
public final class StepGraph {
    private final List<StepSource> steps;
    private final Map<String, Integer> indexById = new HashMap<>();
    private final List<List<String>> needs = new ArrayList<>();
    private final List<String> order = new ArrayList<>();
    /** Each step's place in {@link #order}; steps caught in a cycle come last, all at once. */
    private final int[] position;
    /** Marks of the current {@link #isAncestor} search: a step is seen when its mark equals {@link #search}. */
    private final int[] seen;

    private int search;
    private final Set<String> brokenNeeds = new HashSet<>();

    public StepGraph(List<StepSource> steps, Problems problems) {
        this.steps = List.copyOf(steps);
        for (int i = 0; i < steps.size(); i++) {
            indexById.put(steps.get(i).id().text(), i);
        }
        for (int i = 0; i < steps.size(); i++) {
            needs.add(resolveNeeds(i, problems));
        }
        order(problems);
        position = new int[steps.size()];
        Arrays.fill(position, Integer.MAX_VALUE);
        for (int i = 0; i < order.size(); i++) {
            position[indexById.get(order.get(i))] = i;
        }
        seen = new int[steps.size()];
    }

    /** What the step waits for, by id. */
    public List<String> needs(String id) {
        return needs.get(indexById.get(id));
    }

    /** Step ids in execution order; only meaningful when no cycle was reported. */
    public List<String> order() {
        return List.copyOf(order);
    }

    /** Whether a step named an unknown id in its needs (already reported), so its ancestors are uncertain. */
    public boolean hasBrokenNeeds(String id) {
        return brokenNeeds.contains(id);
    }

    /**
     * Whether {@code ancestor} is certain to have finished before {@code id} starts. Searched on demand rather than
     * kept as a set of ancestors per step, which grows with the square of a long chain: the search walks back along
     * needs and stops at steps ordered before the ancestor, which cannot lead to it, so a reference to a step a few
     * places back costs a few steps.
     */
    public synchronized boolean isAncestor(String ancestor, String id) {
        Integer a = indexById.get(ancestor);
        Integer i = indexById.get(id);
        if (a == null || i == null) {
            return false;
        }
        int target = a;
        // An ancestor caught in a cycle has no place to prune at: search everything.
        int floor = position[target] == Integer.MAX_VALUE ? -1 : position[target];
        search++;
        List<Integer> todo = new ArrayList<>();
        todo.add(i);
        seen[i] = search;
        while (!todo.isEmpty()) {
            int current = todo.remove(todo.size() - 1);
            for (String need : needs.get(current)) {
                int index = indexById.get(need);
                if (index == target) {
                    return true;
                }
                if (seen[index] != search && position[index] > floor) {
                    seen[index] = search;
                    todo.add(index);
                }
            }
        }
        return false;
    }

    private List<String> resolveNeeds(int index, Problems problems) {
        StepSource step = steps.get(index);
        if (step.needs() == null) {
            return index == 0 ? List.of() : List.of(steps.get(index - 1).id().text());
        }
        Set<String> result = new LinkedHashSet<>();
        for (Scalar need : step.needs()) {
            String id = need.text();
            if (!indexById.containsKey(id)) {
                problems.add(
                        need.location(),
                        step.path() + ".needs",
                        "unknown step id '" + id + "'" + Spelling.hint(id, indexById.keySet()));
                brokenNeeds.add(step.id().text());
            } else {
                result.add(id);
            }
        }
        return List.copyOf(result);
    }

    /** Kahn's algorithm; a heap on file position keeps independent steps in the order they were written. */
    private void order(Problems problems) {
        int size = steps.size();
        int[] waiting = new int[size];
        List<List<Integer>> dependents = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            dependents.add(new ArrayList<>());
        }
        for (int i = 0; i < size; i++) {
            for (String need : needs.get(i)) {
                waiting[i]++;
                dependents.get(indexById.get(need)).add(i);
            }
        }
        PriorityQueue<Integer> ready = new PriorityQueue<>();
        for (int i = 0; i < size; i++) {
            if (waiting[i] == 0) {
                ready.add(i);
            }
        }
        boolean[] done = new boolean[size];
        while (!ready.isEmpty()) {
            int next = ready.poll();
            done[next] = true;
            order.add(steps.get(next).id().text());
            for (int dependent : dependents.get(next)) {
                if (--waiting[dependent] == 0) {
                    ready.add(dependent);
                }
            }
        }
        if (order.size() < size) {
            reportCycles(done, problems);
        }
    }

    private void reportCycles(boolean[] done, Problems problems) {
        boolean[] reported = done.clone();
        for (int start = 0; start < steps.size(); start++) {
            if (reported[start]) {
                continue;
            }
            List<Integer> cycle = findCycle(start, done);
            if (cycle.isEmpty()) {
                continue;
            }
            int first = cycle.stream().min(Integer::compare).orElseThrow();
            int at = cycle.indexOf(first);
            List<String> path = new ArrayList<>();
            for (int k = 0; k <= cycle.size(); k++) {
                path.add(steps.get(cycle.get((at + k) % cycle.size())).id().text());
            }
            StepSource step = steps.get(first);
            cycle.forEach(i -> reported[i] = true);
            // Points at the step's needs (or its id when the dependency is the implicit "previous step").
            String next = path.get(1);
            Scalar where = step.needs() == null
                    ? step.id()
                    : step.needs().stream()
                            .filter(n -> n.text().equals(next))
                            .findFirst()
                            .orElse(step.id());
            problems.add(
                    where.location(),
                    step.path() + ".needs",
                    "dependency cycle: " + String.join(" -> ", path) + " (each step needs the next)");
        }
    }

    /** A cycle reachable from start among the unordered steps, following needs: each step in it needs the next. */
    private List<Integer> findCycle(int start, boolean[] done) {
        List<Integer> stack = new ArrayList<>();
        Map<Integer, Integer> positionOnStack = new HashMap<>();
        int current = start;
        // Every unordered step needs at least one other unordered step, so walking always finds a repeat.
        while (!positionOnStack.containsKey(current)) {
            positionOnStack.put(current, stack.size());
            stack.add(current);
            int from = current;
            current = needs.get(from).stream()
                    .map(indexById::get)
                    .filter(i -> !done[i])
                    .findFirst()
                    .orElse(-1);
            if (current < 0) {
                return List.of();
            }
        }
        return new ArrayList<>(stack.subList(positionOnStack.get(current), stack.size()));
    }
}
