package dev.nixboot.engine.template;

import dev.nixboot.engine.api.Spelling;
import dev.nixboot.engine.spi.OutputDescriptor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.glassfish.expressly.lang.ExpressionBuilder;
import org.glassfish.expressly.parser.AstBracketSuffix;
import org.glassfish.expressly.parser.AstDotSuffix;
import org.glassfish.expressly.parser.AstFunction;
import org.glassfish.expressly.parser.AstIdentifier;
import org.glassfish.expressly.parser.AstLambdaParameters;
import org.glassfish.expressly.parser.AstMethodArguments;
import org.glassfish.expressly.parser.AstString;
import org.glassfish.expressly.parser.AstValue;
import org.glassfish.expressly.parser.Node;

/**
 * Checks every name an expression refers to before anything runs, in every branch (evaluation alone would miss the
 * branch of a {@code ?:} not taken): variables must be declared, {@code steps.<id>.outputs.<name>} must name a step
 * that certainly finishes first and an output its type declares.
 */
public final class References {

    /** What the referring step may see. */
    public interface Names {
        Collection<String> variables();

        /** Every step id of the playbook. */
        Collection<String> steps();

        boolean hasStep(String stepId);

        /** The outputs the step's type declares; empty when its type is unknown (reported elsewhere). */
        Optional<List<OutputDescriptor>> outputs(String stepId);

        /** Whether the step finishes before the referring one starts (one of its needs, directly or not). */
        boolean isAncestor(String stepId);

        /** The referring step's id, or null outside a step. */
        String self();
    }

    private References() {}

    /** The problems with the names in one expression, as messages. */
    public static List<String> check(Template.Expression expression, Names names) {
        List<String> problems = new ArrayList<>();
        Node root = ExpressionBuilder.createNode("${" + expression.source() + "}");
        Set<String> lambdaParameters = new HashSet<>();
        collectLambdaParameters(root, lambdaParameters);
        walk(root, names, lambdaParameters, problems);
        return problems;
    }

    /** A use of {@code steps.<step>.outputs.<output>}. */
    public record OutputUse(String step, String output) {}

    /** The step outputs the expression uses, named as {@link #check} accepts them. */
    public static List<OutputUse> outputsUsed(Template.Expression expression) {
        List<OutputUse> uses = new ArrayList<>();
        collectOutputs(ExpressionBuilder.createNode("${" + expression.source() + "}"), uses);
        return uses;
    }

    private static void collectOutputs(Node node, List<OutputUse> into) {
        if (node instanceof AstValue
                && node.jjtGetChild(0) instanceof AstIdentifier first
                && first.getImage().equals("steps")
                && node.jjtGetNumChildren() >= 4) {
            List<String> path = new ArrayList<>();
            for (int i = 1; i < 4; i++) {
                Node suffix = node.jjtGetChild(i);
                if (suffix instanceof AstDotSuffix) {
                    path.add(suffix.getImage());
                } else if (suffix instanceof AstBracketSuffix && suffix.jjtGetChild(0) instanceof AstString string) {
                    path.add(string.getString());
                }
            }
            if (path.size() == 3 && path.get(1).equals("outputs")) {
                into.add(new OutputUse(path.get(0), path.get(2)));
            }
        }
        for (int i = 0; i < node.jjtGetNumChildren(); i++) {
            collectOutputs(node.jjtGetChild(i), into);
        }
    }

    private static void collectLambdaParameters(Node node, Set<String> into) {
        if (node instanceof AstLambdaParameters) {
            for (int i = 0; i < node.jjtGetNumChildren(); i++) {
                into.add(node.jjtGetChild(i).getImage());
            }
        }
        for (int i = 0; i < node.jjtGetNumChildren(); i++) {
            collectLambdaParameters(node.jjtGetChild(i), into);
        }
    }

    private static void walk(Node node, Names names, Set<String> lambdaParameters, List<String> problems) {
        if (node instanceof AstFunction function) {
            problems.add("functions such as '" + function.getOutputName() + "()' are not available in expressions");
            return;
        }
        if (node instanceof AstMethodArguments) {
            problems.add("method calls are not available in expressions; use operators such as +=, ==, empty, ?:");
            return;
        }
        if (node instanceof AstLambdaParameters) {
            return;
        }
        if (node instanceof AstValue
                && node.jjtGetChild(0) instanceof AstIdentifier first
                && first.getImage().equals("steps")
                && !lambdaParameters.contains("steps")) {
            stepReference(node, names, problems);
            for (int i = 1; i < node.jjtGetNumChildren(); i++) {
                walk(node.jjtGetChild(i), names, lambdaParameters, problems);
            }
            return;
        }
        if (node instanceof AstIdentifier identifier) {
            String name = identifier.getImage();
            if (name.equals("steps")) {
                problems.add("'steps' alone is not a value: write steps.<id>.outputs.<name>");
            } else if (!lambdaParameters.contains(name)
                    && !ScopeResolver.BUILT_INS.contains(name)
                    && !names.variables().contains(name)) {
                List<String> known = new ArrayList<>(names.variables());
                known.addAll(ScopeResolver.BUILT_INS);
                problems.add("undefined name '" + name + "'" + Spelling.hint(name, known)
                        + (Spelling.closest(name, known).isPresent() ? "" : "; declare it under vars:"));
            }
            return;
        }
        for (int i = 0; i < node.jjtGetNumChildren(); i++) {
            walk(node.jjtGetChild(i), names, lambdaParameters, problems);
        }
    }

    /** {@code steps.<id>.outputs.<name>}, with dots or with literal brackets. */
    private static void stepReference(Node value, Names names, List<String> problems) {
        List<String> path = new ArrayList<>();
        for (int i = 1; i < value.jjtGetNumChildren() && path.size() < 3; i++) {
            Node suffix = value.jjtGetChild(i);
            if (suffix instanceof AstDotSuffix) {
                path.add(suffix.getImage());
            } else if (suffix instanceof AstBracketSuffix && suffix.jjtGetChild(0) instanceof AstString string) {
                path.add(string.getString());
            } else {
                problems.add("write step outputs as steps.<id>.outputs.<name>, with names rather than computed"
                        + " values, so they can be checked before the run");
                return;
            }
        }
        if (path.isEmpty()) {
            problems.add("'steps' alone is not a value: write steps.<id>.outputs.<name>");
            return;
        }
        String id = path.get(0);
        if (!names.hasStep(id)) {
            problems.add("unknown step '" + id + "' in steps." + id + Spelling.hint(id, names.steps()));
            return;
        }
        if (id.equals(names.self())) {
            problems.add("step '" + id + "' cannot use its own outputs");
            return;
        }
        if (!names.isAncestor(id)) {
            problems.add("step '" + id + "' is not certain to finish before '" + names.self() + "' starts: add '" + id
                    + "' to its needs");
            return;
        }
        if (path.size() < 2 || !path.get(1).equals("outputs")) {
            problems.add("write steps." + id + ".outputs.<name>"
                    + (path.size() < 2 ? "" : ", not steps." + id + "." + path.get(1)));
            return;
        }
        Optional<List<OutputDescriptor>> outputs = names.outputs(id);
        if (outputs.isEmpty()) {
            return;
        }
        List<String> declared =
                outputs.get().stream().map(OutputDescriptor::name).toList();
        if (path.size() < 3) {
            problems.add("name an output: steps." + id + ".outputs.<name>, one of: " + String.join(", ", declared));
            return;
        }
        String output = path.get(2);
        if (!declared.contains(output)) {
            problems.add("step '" + id + "' has no output '" + output + "'"
                    + (declared.isEmpty() ? " (its type declares none)" : Spelling.hintOrList(output, declared)));
        }
    }
}
