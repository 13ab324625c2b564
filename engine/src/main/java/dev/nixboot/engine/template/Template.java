package dev.nixboot.engine.template;

import dev.nixboot.engine.spi.OutputDescriptor;
import jakarta.el.ArrayELResolver;
import jakarta.el.CompositeELResolver;
import jakarta.el.ELException;
import jakarta.el.LambdaExpression;
import jakarta.el.ListELResolver;
import jakarta.el.MapELResolver;
import jakarta.el.ValueExpression;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A string with {@code ${{ expression }}} parts. Only the double brace opens an expression, so shell and Nix
 * {@code ${...}} pass through untouched. A string that is exactly one expression yields the expression's typed value
 * (a Boolean for {@code ${{ size > 0 }}}, a List for a list variable); anything else yields a string.
 */
public final class Template {
    static final String OPEN = "${{";
    static final String CLOSE = "}}";

    // Read-only resolvers keep no state: one of each serves every evaluation.
    private static final MapELResolver MAPS = new MapELResolver(true);
    private static final ListELResolver LISTS = new ListELResolver(true);
    private static final ArrayELResolver ARRAYS = new ArrayELResolver(true);

    private final String text;
    private final List<Object> parts;

    private Template(String text, List<Object> parts) {
        this.text = text;
        this.parts = List.copyOf(parts);
    }

    /** One {@code ${{ }}} part: the expression text as written and its parsed form. */
    public record Expression(String source, ValueExpression parsed) {}

    /**
     * The result of evaluating a template.
     *
     * @param value the typed value, or a text with placeholders when {@code unknown}
     * @param unknown whether it depends on a value that is not known before the run (a dry run's step outputs)
     * @param display the value as shown to people: the parts that used a secret replaced by {@code ***}
     * @param unknownType when unknown, what the value will be, as far as can be told: text for a string around
     *     templates, an output's declared type for a template that is just that output
     */
    public record Result(Object value, boolean unknown, String display, OutputDescriptor.Type unknownType) {
        Result(Object value, boolean unknown, String display) {
            this(value, unknown, display, OutputDescriptor.Type.ANY);
        }
    }

    public static boolean hasExpression(String text) {
        return text.contains(OPEN);
    }

    public static Template parse(String text) throws TemplateException {
        List<Object> parts = new ArrayList<>();
        int position = 0;
        while (true) {
            int open = text.indexOf(OPEN, position);
            if (open < 0) {
                if (position < text.length()) {
                    parts.add(text.substring(position));
                }
                return new Template(text, parts);
            }
            if (open > position) {
                parts.add(text.substring(position, open));
            }
            int close = closing(text, open + OPEN.length());
            if (close < 0) {
                throw new TemplateException(
                        "unclosed ${{ at '" + abbreviate(text.substring(open)) + "': end the expression with }}");
            }
            String source = text.substring(open + OPEN.length(), close).strip();
            if (source.isEmpty()) {
                throw new TemplateException("empty expression ${{ }}: write a name such as ${{ host }}");
            }
            try {
                parts.add(new Expression(source, ExpressionLanguage.parse(source)));
            } catch (ELException e) {
                throw new TemplateException("cannot parse ${{ " + source + " }}: " + parseError(e, source));
            }
            position = close + CLOSE.length();
        }
    }

    public String text() {
        return text;
    }

    public List<Expression> expressions() {
        return parts.stream()
                .filter(Expression.class::isInstance)
                .map(Expression.class::cast)
                .toList();
    }

    /** Whether the whole string is one expression, so its value keeps its type. */
    public boolean isSingleExpression() {
        return parts.size() == 1 && parts.get(0) instanceof Expression;
    }

    public Result evaluate(TemplateScope scope) throws TemplateException {
        if (isSingleExpression()) {
            return evaluate((Expression) parts.get(0), scope);
        }
        StringBuilder value = new StringBuilder();
        StringBuilder display = new StringBuilder();
        boolean unknown = false;
        for (Object part : parts) {
            if (part instanceof Expression expression) {
                Result result = evaluate(expression, scope);
                unknown |= result.unknown();
                value.append(render(result.value()));
                display.append(result.display());
            } else {
                value.append(part);
                display.append(part);
            }
        }
        return new Result(value.toString(), unknown, display.toString(), OutputDescriptor.Type.TEXT);
    }

    private static Result evaluate(Expression expression, TemplateScope scope) throws TemplateException {
        ScopeResolver.Tracker tracker = new ScopeResolver.Tracker();
        CompositeELResolver resolver = new CompositeELResolver();
        resolver.add(new ScopeResolver(scope, tracker));
        resolver.add(MAPS);
        resolver.add(LISTS);
        resolver.add(ARRAYS);
        Object value;
        try {
            value = expression.parsed().getValue(ExpressionLanguage.context(resolver));
        } catch (RuntimeException e) {
            // Not only ELException: Expressly 5.0 throws MissingResourceException for '[a] + 1' (its message for a
            // failed coercion is missing), and whatever an expression does wrong is the expression's problem.
            if (tracker.unknown) {
                String shown = "${{ " + expression.source() + " }}";
                return new Result(shown, true, shown);
            }
            throw new TemplateException("${{ " + expression.source() + " }}: " + evaluationError(e));
        }
        if (!isValue(value)) {
            throw new TemplateException("${{ " + expression.source() + " }} gives " + describe(value)
                    + ", not a value: a template gives text, a number, true or false, a list or a mapping");
        }
        String display = tracker.secret ? "***" : render(value);
        OutputDescriptor.Type type = tracker.unknown && value.equals(tracker.unknownPlaceholder)
                ? tracker.unknownType
                : OutputDescriptor.Type.ANY;
        return new Result(value, tracker.unknown, display, type);
    }

    /** What is not a value, in the user's words. */
    private static String describe(Object value) {
        if (value instanceof LambdaExpression) {
            return "a function";
        }
        if (value instanceof Collection<?> collection) {
            return "a list that holds " + describe(firstNonValue(collection));
        }
        if (value instanceof Map<?, ?> map) {
            Object bad = firstNonValue(map.values());
            return "a mapping that holds " + describe(bad != null ? bad : firstNonValue(map.keySet()));
        }
        return value == null ? "nothing" : "a " + value.getClass().getSimpleName();
    }

    private static Object firstNonValue(Collection<?> values) {
        for (Object value : values) {
            if (!isValue(value)) {
                return value;
            }
        }
        return null;
    }

    /** What a template may give: plain data, as YAML could have written it. */
    private static boolean isValue(Object value) {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Number) {
            return true;
        }
        if (value instanceof Collection<?> collection) {
            return collection.stream().allMatch(Template::isValue);
        }
        if (value instanceof Map<?, ?> map) {
            return map.keySet().stream().allMatch(Template::isValue)
                    && map.values().stream().allMatch(Template::isValue);
        }
        return false;
    }

    /** How a value reads inside a larger string. */
    static String render(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof List<?> list) {
            return String.join(" ", list.stream().map(Template::render).toList());
        }
        return String.valueOf(value);
    }

    /** The index of the {@code }}} closing the expression that starts at from, skipping quoted strings. */
    private static int closing(String text, int from) {
        char quote = 0;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (text.startsWith(CLOSE, i)) {
                return i;
            }
        }
        return -1;
    }

    private static final Pattern PARSER_MESSAGE = Pattern.compile("Encountered \"(.*?)\" at line \\d+, column (\\d+)");

    /** The parser's first line, in the user's terms: it was handed "${" + expression + "}", the user wrote none of those. */
    private static String parseError(ELException e, String expression) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        Matcher matcher = PARSER_MESSAGE.matcher(firstLine(cause.getMessage()));
        if (!matcher.find()) {
            return firstLine(cause.getMessage());
        }
        int column = Integer.parseInt(matcher.group(2)) - 2;
        if (column > expression.length()) {
            return "the expression ends too early";
        }
        return "unexpected '" + matcher.group(1).strip() + "' at column " + column + " of the expression";
    }

    private static String evaluationError(Exception e) {
        if (e instanceof MissingResourceException) {
            return "a value does not fit its operator (a list or mapping where a number or text is needed?)";
        }
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause && cause.getMessage() == null) {
            cause = cause.getCause();
        }
        return firstLine(cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage());
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "invalid expression";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    private static String abbreviate(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "..." : text;
    }
}
