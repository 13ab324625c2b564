package dev.nixboot.cli.events;

/** How event fields and kinds are spelled in JSON: {@code durationMs} is duration_ms, {@code RunStarted} run_started. */
final class JsonNames {
    private JsonNames() {}

    static String snakeCase(String componentName) {
        StringBuilder name = new StringBuilder(componentName.length() + 4);
        for (int i = 0; i < componentName.length(); i++) {
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
