package dev.nixboot.engine.template;

import jakarta.el.ELException;
import org.glassfish.expressly.lang.EvaluationContext;
import org.glassfish.expressly.parser.AstConcat;
import org.glassfish.expressly.parser.Node;
import org.glassfish.expressly.parser.SimpleNode;

/**
 * {@code A += B} as the EL specification has it: both sides coerced to strings, null to the empty string. Expressly
 * 5.0 calls {@code toString()} on each side instead, so {@code '/home/' += env.USER} with USER unset threw a
 * NullPointerException; its parse trees get this node in place of its own.
 */
final class Concatenation extends SimpleNode {
    private Concatenation(Node left, Node right) {
        super(0);
        jjtAddChild(left, 0);
        jjtAddChild(right, 1);
    }

    /** The tree with every {@code +=} replaced by this node; the tree is changed in place, its root possibly not. */
    static Node nullSafe(Node node) {
        for (int i = 0; i < node.jjtGetNumChildren(); i++) {
            Node child = node.jjtGetChild(i);
            Node safe = nullSafe(child);
            if (safe != child) {
                node.jjtAddChild(safe, i);
            }
        }
        if (node instanceof AstConcat concat) {
            return new Concatenation(concat.jjtGetChild(0), concat.jjtGetChild(1));
        }
        return node;
    }

    @Override
    public Object getValue(EvaluationContext context) throws ELException {
        return text(children[0].getValue(context)) + text(children[1].getValue(context));
    }

    @Override
    public Class<?> getType(EvaluationContext context) throws ELException {
        return String.class;
    }

    private static String text(Object value) {
        return value == null ? "" : value.toString();
    }
}
