package dev.nixboot.engine.template;

import jakarta.el.ELContext;
import jakarta.el.ELException;
import jakarta.el.ELResolver;
import jakarta.el.ExpressionFactory;
import jakarta.el.FunctionMapper;
import jakarta.el.ValueExpression;
import jakarta.el.VariableMapper;
import java.lang.reflect.Method;
import org.glassfish.expressly.ExpressionFactoryImpl;
import org.glassfish.expressly.ValueExpressionImpl;
import org.glassfish.expressly.lang.ExpressionBuilder;
import org.glassfish.expressly.parser.Node;

/**
 * The one Jakarta EL {@link ExpressionFactory} of the process. Creating a factory is expensive, so it is made once,
 * on the first template, and every expression is parsed once and evaluated many times.
 */
final class ExpressionLanguage {
    private ExpressionLanguage() {}

    private static final class Holder {
        // Constructed directly: the API's newInstance() searches the class path and property files first.
        static final ExpressionFactory FACTORY = new ExpressionFactoryImpl();
    }

    static ValueExpression parse(String expression) throws ELException {
        String text = "${" + expression + "}";
        Context context = new Context(null);
        // The factory checks the expression; the tree it parsed (cached by Expressly) is then evaluated with the
        // specification's += rather than Expressly's.
        Holder.FACTORY.createValueExpression(context, text, Object.class);
        Node tree = Concatenation.nullSafe(ExpressionBuilder.createNode(text));
        return new ValueExpressionImpl(
                text, tree, context.getFunctionMapper(), context.getVariableMapper(), Object.class);
    }

    static ELContext context(ELResolver resolver) {
        return new Context(resolver);
    }

    // Stateless, so shared by every evaluation rather than made for each.
    private static final FunctionMapper NO_FUNCTIONS = new FunctionMapper() {
        @Override
        public Method resolveFunction(String prefix, String localName) {
            return null;
        }
    };

    private static final VariableMapper NO_VARIABLES = new VariableMapper() {
        @Override
        public ValueExpression resolveVariable(String variable) {
            return null;
        }

        @Override
        public ValueExpression setVariable(String variable, ValueExpression expression) {
            throw new ELException("expressions cannot define variables");
        }
    };

    /** A context with no functions and no variables besides what the resolver knows. */
    private static final class Context extends ELContext {
        private final ELResolver resolver;

        Context(ELResolver resolver) {
            this.resolver = resolver;
        }

        @Override
        public ELResolver getELResolver() {
            return resolver;
        }

        @Override
        public FunctionMapper getFunctionMapper() {
            return NO_FUNCTIONS;
        }

        @Override
        public VariableMapper getVariableMapper() {
            return NO_VARIABLES;
        }
    }
}
