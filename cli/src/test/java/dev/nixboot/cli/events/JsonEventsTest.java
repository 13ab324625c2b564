package dev.nixboot.cli.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import dev.nixboot.engine.api.Progress;
import dev.nixboot.engine.api.RunListener;
import dev.nixboot.engine.api.RunSummary;
import dev.nixboot.engine.api.StepStatus;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class JsonEventsTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final StringWriter text = new StringWriter();
    private final JsonEvents events =
            new JsonEvents(new PrintWriter(text), Clock.fixed(Instant.parse("2026-11-22T05:00:00Z"), ZoneOffset.UTC));

    private void playARun() {
        events.runStarted("bootstrap", 2);
        events.stepStarted("keyscan", "ssh.keyscan", 1);
        events.output("keyscan", RunListener.Stream.STDOUT, "ssh-ed25519 AAAA \"quoted\"\nsecond");
        Map<String, Object> outputs = new LinkedHashMap<>();
        outputs.put("exit_code", 0);
        outputs.put("lines", List.of("a", "b"));
        events.stepFinished("keyscan", StepStatus.SUCCEEDED, Duration.ofMillis(1234), outputs, null);
        events.stepFinished("install", StepStatus.SKIPPED_DEPENDENCY, null, Map.of(), "needs 'keyscan', which failed");
        events.runFinished(new RunSummary(
                List.of(
                        new RunSummary.StepResult(
                                "keyscan", "ssh.keyscan", StepStatus.SUCCEEDED, Duration.ofMillis(1234), null),
                        new RunSummary.StepResult(
                                "install", "exec", StepStatus.FAILED, Duration.ofSeconds(2), "exit code 3")),
                Duration.ofMillis(3300),
                1));
    }

    private List<JsonNode> lines() throws Exception {
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : text.toString().split("\n")) {
            nodes.add(MAPPER.readTree(line));
        }
        return nodes;
    }

    @Test
    void writesOneJsonObjectPerLineForEachEvent() throws Exception {
        playARun();
        assertThat(text.toString()).endsWith("\n");
        List<JsonNode> lines = lines();
        assertThat(lines)
                .extracting(n -> n.get("event").asText())
                .containsExactly(
                        "run_started", "step_started", "output", "step_finished", "step_finished", "run_finished");
        assertThat(text.toString().split("\n")[0])
                .isEqualTo(
                        "{\"event\":\"run_started\",\"time\":\"2026-11-22T05:00:00Z\",\"playbook\":\"bootstrap\",\"steps\":2}");
        assertThat(lines.get(2).get("line").asText()).isEqualTo("ssh-ed25519 AAAA \"quoted\"\nsecond");
        assertThat(lines.get(2).get("stream").asText()).isEqualTo("stdout");
    }

    @Test
    void reportsStatusDurationOutputsAndErrorOfEachStep() throws Exception {
        playARun();
        JsonNode finished = lines().get(3);
        assertThat(finished.get("status").asText()).isEqualTo("succeeded");
        assertThat(finished.get("duration_ms").asLong()).isEqualTo(1234);
        assertThat(finished.get("outputs").toString()).isEqualTo("{\"exit_code\":0,\"lines\":[\"a\",\"b\"]}");
        assertThat(finished.get("error").isNull()).isTrue();
        JsonNode skipped = lines().get(4);
        assertThat(skipped.get("status").asText()).isEqualTo("skipped_dependency");
        assertThat(skipped.get("error").asText()).isEqualTo("needs 'keyscan', which failed");
    }

    @Test
    void endsWithTheExitCodeAndACountPerStatus() throws Exception {
        playARun();
        JsonNode last = lines().get(5);
        assertThat(last.get("exit_code").asInt()).isEqualTo(1);
        assertThat(last.get("duration_ms").asLong()).isEqualTo(3300);
        assertThat(last.get("summary").toString()).isEqualTo("{\"succeeded\":1,\"failed\":1}");
        assertThat(last.at("/steps/1/error").asText()).isEqualTo("exit code 3");
    }

    @Test
    void everyEventMatchesTheCommittedEventSchema() throws Exception {
        playARun();
        JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7)
                .getSchema(MAPPER.readTree(new EventSchema().render()));
        for (JsonNode line : lines()) {
            assertThat(schema.validate(line)).as(line.toString()).isEmpty();
        }
        JsonNode undocumented = MAPPER.readTree(
                "{\"event\":\"run_started\",\"time\":\"t\",\"playbook\":\"p\"," + "\"steps\":1,\"surprise\":true}");
        assertThat(schema.validate(undocumented)).isNotEmpty();
    }

    @Test
    void writesProgressWithRateAndTimeLeftMatchingTheSchema() throws Exception {
        events.progress("write_iso", new Progress("writing", 1L << 30, 4L << 30, Duration.ofSeconds(8)));
        events.progress("write_iso", new Progress("verifying", 0, 4L << 30, Duration.ZERO));
        List<JsonNode> lines = lines();

        assertThat(text.toString().split("\n")[0])
                .isEqualTo("{\"event\":\"progress\",\"time\":"
                        + "\"2026-11-22T05:00:00Z\",\"step\":\"write_iso\",\"activity\":\"writing\",\"done_bytes\":1073741824,"
                        + "\"total_bytes\":4294967296,\"bytes_per_second\":134217728,\"seconds_left\":24}");
        assertThat(lines.get(1).get("seconds_left").isNull()).isTrue();
        JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7)
                .getSchema(MAPPER.readTree(new EventSchema().render()));
        for (JsonNode line : lines) {
            assertThat(schema.validate(line)).as(line.toString()).isEmpty();
        }
    }

    @Test
    void writesNoticesAboutTheWholeRun() throws Exception {
        events.notice("the playbook or its inputs changed since the saved run");
        JsonNode notice = lines().get(0);

        assertThat(notice.get("event").asText()).isEqualTo("notice");
        assertThat(notice.get("message").asText()).isEqualTo("the playbook or its inputs changed since the saved run");
        JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7)
                .getSchema(MAPPER.readTree(new EventSchema().render()));
        assertThat(schema.validate(notice)).isEmpty();
    }

    @Test
    @Timeout(10)
    void keepsLinesWholeWhenStepsReportFromManyThreads() throws Exception {
        int threads = 8;
        int perThread = 200;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        for (int t = 0; t < threads; t++) {
            String step = "step" + t;
            pool.submit(() -> {
                start.await();
                for (int i = 0; i < perThread; i++) {
                    events.output(step, RunListener.Stream.STDERR, "line " + i);
                }
                return null;
            });
        }
        start.countDown();
        pool.shutdown();
        assertThat(pool.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
        List<JsonNode> lines = lines();
        assertThat(lines)
                .hasSize(threads * perThread)
                .allMatch(n -> n.get("event").asText().equals("output"));
    }
}
