package dev.nixboot.engine.spi;

/**
 * How a parameter record component is spelled in a playbook (binding, schema and docs all ask here, so they cannot
 * disagree): Java's {@code okCodes} is YAML's {@code ok_codes}, the
 * spelling the playbook keys ({@code continue_on_error}) use too. A component named after a Java keyword ends in
 * {@code _}, which the YAML name leaves out: {@code default_} is {@code default}.
 */
public final class ParameterNames {
    private ParameterNames() {}

    public static String yamlName(String componentName) {
        StringBuilder name = new StringBuilder(componentName.length() + 4);
        int length = componentName.endsWith("_") ? componentName.length() - 1 : componentName.length();
        for (int i = 0; i < length; i++) {
            char c = componentName.charAt(i);
            if (Character.isUpperCase(c)) {
                if (i > 0) {
                    name.append('_');
                }
                name.append(Character.toLowerCase(c));
            } else {
                name.append(c);
            }
        }
        return name.toString();
    }
}
