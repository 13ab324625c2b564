package dev.nixboot.engine.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TemplateTest {
    private static final Map<String, Object> VARIABLES = new HashMap<>();

    static {
        VARIABLES.put("host", "gusto");
        VARIABLES.put("swapSize", 8);
        VARIABLES.put("wipe", false);
        VARIABLES.put("disks", List.of("sda", "sdb"));
        VARIABLES.put("password", "hunter2");
        VARIABLES.put("nothing", null);
    }

    private static TemplateScope scope(Map<String, Map<String, Object>> outputs, boolean planning) {
        RunScope run = new RunScope(
                VARIABLES,
                outputs,
                Map.of("HOME", "/home/ada"),
                Path.of("/book"),
                Path.of("/work"),
                Path.of("/run/1"),
                planning);
        return new TemplateScope(run, Set.of("password"), Map.of("keys", Set.of("private")));
    }

    private static Object value(String text) throws TemplateException {
        return Template.parse(text).evaluate(scope(Map.of(), false)).value();
    }

    @Test
    void leavesShellAndNixInterpolationAlone() throws TemplateException {
        assertThat(value("echo ${HOME} $USER ${1:-x}")).isEqualTo("echo ${HOME} $USER ${1:-x}");
        assertThat(value("{ pkgs, ... }: [ ${pkgs.git} ]")).isEqualTo("{ pkgs, ... }: [ ${pkgs.git} ]");
        assertThat(value("${HOME}/${{ host }}")).isEqualTo("${HOME}/gusto");
        assertThat(Template.hasExpression("${pkgs.foo}")).isFalse();
    }

    @Test
    void oneExpressionKeepsItsType() throws TemplateException {
        assertThat(value("${{ swapSize > 0 }}")).isEqualTo(Boolean.TRUE);
        assertThat(value("${{ swapSize }}")).isEqualTo(8);
        assertThat(value("${{ disks }}")).isEqualTo(List.of("sda", "sdb"));
        assertThat(value("  ${{ swapSize }}")).isEqualTo("  8");
    }

    @Test
    void interpolatesIntoText() throws TemplateException {
        assertThat(value("swap-${{ swapSize }}G on ${{ host }}")).isEqualTo("swap-8G on gusto");
        assertThat(value("disks: ${{ disks }}")).isEqualTo("disks: sda sdb");
        assertThat(value("[${{ nothing }}]")).isEqualTo("[]");
    }

    @Test
    void offersTheOperatorsOfJakartaEl() throws TemplateException {
        assertThat(value("${{ wipe ? 'wipe' : 'keep' }}")).isEqualTo("keep");
        assertThat(value("${{ empty nothing }}")).isEqualTo(true);
        assertThat(value("${{ empty disks }}")).isEqualTo(false);
        assertThat(value("${{ host == 'gusto' && swapSize ge 4 }}")).isEqualTo(true);
        assertThat(value("${{ swapSize * 1024 }}")).isEqualTo(8192L);
        assertThat(value("${{ host += '.lan' }}")).isEqualTo("gusto.lan");
        assertThat(value("${{ disks[1] }}")).isEqualTo("sdb");
        assertThat(value("${{ empty nothing ? 'default' : nothing }}")).isEqualTo("default");
    }

    @Test
    void seesEnvironmentAndBuiltIns() throws TemplateException {
        assertThat(value("${{ env.HOME }}/.ssh")).isEqualTo("/home/ada/.ssh");
        assertThat(value("${{ empty env.NOT_SET }}")).isEqualTo(true);
        assertThat(value("${{ playbook_dir }}|${{ working_dir }}|${{ run_dir }}"))
                .isEqualTo("/book|/work|/run/1");
    }

    @Test
    void concatenatesAnUnsetValueAsEmptyText() throws TemplateException {
        assertThat(value("${{ '/home/' += env.USER }}")).isEqualTo("/home/");
        assertThat(value("${{ env.USER += '/x' }}")).isEqualTo("/x");
        assertThat(value("${{ nothing += host }}")).isEqualTo("gusto");
    }

    @Test
    void readsStepOutputsAndShowsPlaceholdersWhilePlanning() throws TemplateException {
        Template template = Template.parse("key=${{ steps.scan.outputs.key }}");
        assertThat(template.evaluate(scope(Map.of("scan", Map.of("key", "ssh-ed25519 AAA")), false))
                        .value())
                .isEqualTo("key=ssh-ed25519 AAA");
        Template.Result planned = template.evaluate(scope(Map.of(), true));
        assertThat(planned.unknown()).isTrue();
        assertThat(planned.value()).isEqualTo("key=<steps.scan.outputs.key>");
    }

    @Test
    void aConditionOnAnOutputIsUnknownWhilePlanning() throws TemplateException {
        Template.Result planned =
                Template.parse("${{ steps.scan.outputs.count > 0 }}").evaluate(scope(Map.of(), true));
        assertThat(planned.unknown()).isTrue();
        assertThat(planned.display()).isEqualTo("${{ steps.scan.outputs.count > 0 }}");
    }

    @Test
    void masksWhatComesFromSecrets() throws TemplateException {
        Template.Result result =
                Template.parse("--password ${{ password }} --host ${{ host }}").evaluate(scope(Map.of(), false));
        assertThat(result.value()).isEqualTo("--password hunter2 --host gusto");
        assertThat(result.display()).isEqualTo("--password *** --host gusto");
        Template.Result output = Template.parse("${{ steps.keys.outputs.private }}")
                .evaluate(scope(Map.of("keys", Map.of("private", "AGE-SECRET-KEY-1")), false));
        assertThat(output.display()).isEqualTo("***");
    }

    @Test
    void refusesUndefinedNamesInsteadOfGuessing() {
        assertThatThrownBy(() -> value("${{ hots }}"))
                .isInstanceOf(TemplateException.class)
                .hasMessage("${{ hots }}: undefined name 'hots' (did you mean 'host'?)");
        assertThatThrownBy(() -> Template.parse("${{ steps.scan.outputs.key }}").evaluate(scope(Map.of(), false)))
                .hasMessage("${{ steps.scan.outputs.key }}: step 'scan' has no outputs: it has not run"
                        + " (was it skipped?)");
        assertThatThrownBy(() -> Template.parse("${{ steps.scan.outputs.kye }}")
                        .evaluate(scope(Map.of("scan", Map.of("key", "k")), false)))
                .hasMessage("${{ steps.scan.outputs.kye }}: step 'scan' has no output 'kye' (did you mean 'key'?)");
    }

    @Test
    void refusesMethodCallsAndClassAccess() {
        assertThatThrownBy(() -> value("${{ host.getClass() }}")).isInstanceOf(TemplateException.class);
        assertThatThrownBy(() -> value("${{ Runtime.getRuntime() }}"))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("method calls such as getRuntime() are not available");
    }

    @Test
    void reportsSyntaxErrors() {
        assertThatThrownBy(() -> Template.parse("a ${{ host"))
                .hasMessage("unclosed ${{ at '${{ host': end the expression with }}");
        assertThatThrownBy(() -> Template.parse("${{ }}"))
                .hasMessage("empty expression ${{ }}: write a name such as ${{ host }}");
        assertThatThrownBy(() -> Template.parse("${{ host == = 1 }}"))
                .hasMessage("cannot parse ${{ host == = 1 }}: unexpected '=' at column 9 of the expression");
    }

    @Test
    void findsTheEndOfAnExpressionPastBracesInStrings() throws TemplateException {
        assertThat(value("${{ host == '}}' ? 'odd' : 'fine' }}!")).isEqualTo("fine!");
    }
}
