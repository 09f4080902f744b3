package org.mailresponder.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HPAScalingRules;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Renders every overlay under {@code k8s/overlays} with the real kustomize (built into kubectl), parses each object
 * into the Kubernetes object model (fabric8), rejects any field the model does not know (a typo such as
 * {@code readinesProbe} would otherwise be silently dropped by the API server's client-side defaults), and checks
 * what the deployment relies on: probes on the health endpoints, the shared maildir volume, the HPA's scaling
 * policy, the grace period against the shutdown timeout, and that the ConfigMaps carry the project's routes and
 * settings unchanged. Rendered with the plain {@code kubectl kustomize} (the default load restrictor): everything
 * kustomize reads lives under k8s/, copied there by deploy/k8s/sync-files.sh.
 */
class KubernetesManifestsTest {

    private static final Path PROJECT = Path.of("").toAbsolutePath();
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    @ParameterizedTest
    @ValueSource(strings = {"production", "single-node"})
    void everyRenderedObjectIsAKnownKubernetesObjectWithOnlyKnownFields(String overlay) throws Exception {
        List<HasMetadata> objects = render(overlay);
        assertThat(objects).hasSizeGreaterThan(5);
        List<String> problems = new ArrayList<>();
        for (HasMetadata o : objects) {
            String id = o.getKind() + "/" + o.getMetadata().getName();
            if (o instanceof GenericKubernetesResource) {
                problems.add(id + ": kind not in the Kubernetes model (" + o.getApiVersion() + ")");
            }
            unknownFields(o, id, problems);
            assertThat(o.getMetadata().getNamespace()).as(id + " namespace").isEqualTo("mail-responder");
        }
        assertThat(problems).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"production", "single-node"})
    void podsProbeTheHealthEndpointsAndShareTheMaildir(String overlay) throws Exception {
        List<HasMetadata> objects = render(overlay);
        StatefulSet sts = one(objects, StatefulSet.class, "mail-responder");
        PodSpec pod = sts.getSpec().getTemplate().getSpec();
        Container responder = container(pod, "responder");
        Container postfix = container(pod, "postfix");

        assertHttpProbe(responder.getLivenessProbe(), "/observe/health/live");
        assertHttpProbe(responder.getStartupProbe(), "/observe/health/live");
        assertHttpProbe(responder.getReadinessProbe(), "/observe/health/ready");
        assertThat(responder.getPorts()).anySatisfy(p -> {
            assertThat(p.getName()).isEqualTo("observe");
            assertThat(p.getContainerPort()).isEqualTo(9876);
        });
        assertThat(postfix.getReadinessProbe()).isNotNull();
        assertThat(postfix.getLivenessProbe()).isNotNull();

        // Postfix delivers into the volume's Maildir/, the responder reads the same files.
        VolumeMount responderMail = mount(responder, "maildir");
        VolumeMount postfixMail = mount(postfix, "maildir");
        assertThat(responderMail.getMountPath()).isEqualTo(postfixMail.getMountPath());
        String maildirEnv = envValue(objects, "mail-responder-env", "RESPONDER_MAILDIR");
        assertThat(maildirEnv).startsWith(responderMail.getMountPath() + "/");
        assertThat(sts.getSpec().getVolumeClaimTemplates()).extracting(c -> c.getMetadata().getName())
                .contains("maildir", "postfix-spool");
        assertThat(mount(postfix, "postfix-spool").getMountPath()).isEqualTo("/var/spool/postfix");

        // Routes and properties come from ConfigMaps; the working directory is where ResponderService looks.
        assertThat(responder.getWorkingDir()).isEqualTo("/app");
        assertThat(mount(responder, "routes").getMountPath()).isEqualTo("/app/routes");
        assertThat(mount(responder, "properties").getMountPath()).isEqualTo("/app/application.properties");
        assertThat(mount(responder, "dkim").getReadOnly()).isTrue();
        assertThat(pod.getVolumes()).anySatisfy(v -> assertThat(v.getName()).isEqualTo("routes"));

        // Non-root, read-only root filesystem; /tmp is the only writable path besides the maildir.
        assertThat(responder.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(responder.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(mount(responder, "tmp").getMountPath()).isEqualTo("/tmp");

        // SIGTERM: the pod must be given longer than Camel's shutdown timeout to drain.
        int shutdownTimeout = Integer.parseInt(applicationProperties().getProperty("camel.main.shutdown-timeout").trim());
        assertThat(pod.getTerminationGracePeriodSeconds()).isGreaterThan((long) shutdownTimeout);
        assertThat(postfix.getLifecycle().getPreStop()).isNotNull();

        Service smtp = one(objects, Service.class, "mail-responder-smtp");
        assertThat(smtp.getSpec().getPorts()).singleElement().satisfies(p -> {
            assertThat(p.getPort()).isEqualTo(25);
            assertThat(p.getTargetPort().getStrVal()).isEqualTo("smtp");
        });
        assertThat(postfix.getPorts()).anySatisfy(p -> {
            assertThat(p.getName()).isEqualTo("smtp");
            assertThat(p.getContainerPort()).isEqualTo(25);
        });
        assertThat(sts.getSpec().getTemplate().getMetadata().getLabels())
                .containsAllEntriesOf(smtp.getSpec().getSelector());
    }

    @Test
    void productionScalesUpFastByFourAndDownSlowlyByOne() throws Exception {
        List<HasMetadata> objects = render("production");
        HorizontalPodAutoscaler hpa = one(objects, HorizontalPodAutoscaler.class, "mail-responder");
        assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo("StatefulSet");
        assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo("mail-responder");
        assertThat(hpa.getSpec().getMinReplicas()).isGreaterThanOrEqualTo(2);

        HPAScalingRules up = hpa.getSpec().getBehavior().getScaleUp();
        assertThat(up.getStabilizationWindowSeconds()).isZero();
        assertThat(up.getPolicies()).singleElement().satisfies(p -> {
            assertThat(p.getType()).isEqualTo("Pods");
            assertThat(p.getValue()).isEqualTo(4);
            assertThat(p.getPeriodSeconds()).isLessThanOrEqualTo(60);
        });
        HPAScalingRules down = hpa.getSpec().getBehavior().getScaleDown();
        assertThat(down.getStabilizationWindowSeconds()).isGreaterThanOrEqualTo(300);
        assertThat(down.getPolicies()).singleElement().satisfies(p -> {
            assertThat(p.getType()).isEqualTo("Pods");
            assertThat(p.getValue()).isEqualTo(1);
            assertThat(p.getPeriodSeconds()).isGreaterThanOrEqualTo(300);
        });
        assertThat(hpa.getSpec().getMetrics()).anySatisfy(m -> {
            assertThat(m.getType()).isEqualTo("Resource");
            assertThat(m.getResource().getName()).isEqualTo("cpu");
        });
        assertThat(hpa.getSpec().getMetrics()).anySatisfy(m -> {
            assertThat(m.getType()).isEqualTo("Pods");
            assertThat(m.getPods().getMetric().getName()).startsWith("responder_processing_seconds");
        });

        StatefulSet sts = one(objects, StatefulSet.class, "mail-responder");
        assertThat(sts.getSpec().getPodManagementPolicy()).isEqualTo("Parallel");
        PodDisruptionBudget pdb = one(objects, PodDisruptionBudget.class, "mail-responder");
        assertThat(sts.getSpec().getTemplate().getMetadata().getLabels())
                .containsAllEntriesOf(pdb.getSpec().getSelector().getMatchLabels());
        ServiceMonitor monitor = one(objects, ServiceMonitor.class, "mail-responder");
        assertThat(monitor.getSpec().getEndpoints()).singleElement().satisfies(e -> {
            assertThat(e.getPath()).isEqualTo("/observe/metrics");
            assertThat(e.getPort()).isEqualTo("metrics");
        });
        Service metrics = one(objects, Service.class, "mail-responder");
        assertThat(metrics.getMetadata().getLabels()).containsAllEntriesOf(monitor.getSpec().getSelector().getMatchLabels());
    }

    @Test
    void singleNodeRunsOnePodWithoutAutoscaling() throws Exception {
        List<HasMetadata> objects = render("single-node");
        assertThat(objects).noneMatch(o -> o instanceof HorizontalPodAutoscaler || o instanceof PodDisruptionBudget);
        StatefulSet sts = one(objects, StatefulSet.class, "mail-responder");
        assertThat(sts.getSpec().getReplicas()).isEqualTo(1);
        String config = envValue(objects, "mail-responder-env", "RESPONDER_CONFIG");
        Container responder = container(sts.getSpec().getTemplate().getSpec(), "responder");
        assertThat(config).startsWith(mount(responder, "config").getMountPath() + "/");
    }

    private static final String SYNC = " differs from the repository's copy: run deploy/k8s/sync-files.sh and commit";

    @ParameterizedTest
    @ValueSource(strings = {"production", "single-node"})
    void configMapsCarryEveryRouteFileAndTheSettingsUnchanged(String overlay) throws Exception {
        List<HasMetadata> objects = render(overlay);
        ConfigMap routes = configMap(objects, "mail-responder-routes");
        try (Stream<Path> files = Files.list(PROJECT.resolve("routes"))) {
            List<Path> yaml = files.filter(f -> f.toString().endsWith(".yaml")).toList();
            assertThat(routes.getData().keySet()).as("route files in k8s/base/routes" + SYNC)
                    .containsExactlyInAnyOrderElementsOf(yaml.stream().map(f -> f.getFileName().toString()).toList());
            for (Path f : yaml) {
                assertThat(routes.getData().get(f.getFileName().toString()))
                        .as("routes/" + f.getFileName() + SYNC).isEqualTo(Files.readString(f));
            }
        }
        assertThat(configMap(objects, "mail-responder-properties").getData().get("application.properties"))
                .as("application.properties" + SYNC).isEqualTo(Files.readString(PROJECT.resolve("application.properties")));
        assertThat(configMap(objects, "mail-responder-dashboard").getData()).containsKey("mail-responder.json");
    }

    @Test
    void theSingleNodeResponderConfigIsValidAndItsAttachmentsLiveOnTheMaildirVolume() throws Exception {
        List<HasMetadata> objects = render("single-node");
        String json = configMap(objects, "mail-responder-config").getData().get("responder.json");
        org.mailresponder.config.ResponderConfig config = new org.mailresponder.config.ResponderConfigParser(
                "Psiphon3.exe", "Psiphon3.ex_").parse(json.getBytes(StandardCharsets.UTF_8), null);
        assertThat(config.entryCount()).isPositive();
        StatefulSet sts = one(objects, StatefulSet.class, "mail-responder");
        Container responder = container(sts.getSpec().getTemplate().getSpec(), "responder");
        assertThat(envValue(objects, "mail-responder-env", "RESPONDER_BUCKETS_DIR"))
                .startsWith(mount(responder, "maildir").getMountPath() + "/");
    }

    @ParameterizedTest
    @ValueSource(strings = {"production", "single-node"})
    void theManagementServerListensOnThePodAddressForTheProbes(String overlay) throws Exception {
        assertThat(envValue(render(overlay), "mail-responder-env", "CAMEL_MANAGEMENT_HOST")).isEqualTo("0.0.0.0");
    }

    /**
     * The JVM in the pod runs with the overlay's JAVA_TOOL_OPTIONS, not the image's: a real JVM is started the way
     * the image starts it (its jvmFlags from pom.xml on the command line) with the overlay's environment, and its
     * final flags are read. Flags on the command line win over JAVA_TOOL_OPTIONS, so a memory flag there would
     * silently override the manifest (it did: the pod asked for 70 % of its limit as heap and got the image's 50).
     */
    @ParameterizedTest
    @ValueSource(strings = {"production", "single-node"})
    void thePodsJvmFlagsAreTheOnesItsManifestStates(String overlay) throws Exception {
        String options = envValue(render(overlay), "mail-responder-env", "JAVA_TOOL_OPTIONS");
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java")));
        java.util.regex.Matcher flag = java.util.regex.Pattern.compile("<jvmFlag>([^<]+)</jvmFlag>")
                .matcher(Files.readString(PROJECT.resolve("pom.xml")));
        while (flag.find()) {
            cmd.add(flag.group(1));
        }
        cmd.addAll(List.of("-XX:+PrintFlagsFinal", "-version"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("JAVA_TOOL_OPTIONS", options);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();

        for (String stated : options.split("\\s+")) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("-XX:([+-]?)(\\w+)(?:=(\\S+))?").matcher(stated);
            if (!m.matches()) {
                assertThat(stated).as("JAVA_TOOL_OPTIONS holds only -XX flags and -Xss").startsWith("-Xss");
                continue;
            }
            String name = m.group(2);
            String expected = m.group(3) != null ? m.group(3) : String.valueOf(!"-".equals(m.group(1)));
            java.util.regex.Matcher line = java.util.regex.Pattern
                    .compile("\\s" + name + "\\s+= (\\S+)\\s").matcher(out);
            assertThat(line.find()).as(overlay + ": " + name + " in the JVM's flags").isTrue();
            assertThat(normalised(line.group(1))).as(overlay + ": " + name).isEqualTo(normalised(expected));
        }
        // the caps sized for the pod's limit are all there, not just the heap
        assertThat(options).contains("-XX:MaxRAMPercentage=", "-XX:MaxMetaspaceSize=", "-XX:ReservedCodeCacheSize=",
                "-XX:MaxDirectMemorySize=", "-Xss", "-XX:+UseParallelGC", "-XX:+ExitOnOutOfMemoryError");
    }

    /** 128m and 134217728, 50 and 50.000000: the same value as stated and as the JVM prints it. */
    private static String normalised(String value) {
        java.util.regex.Matcher size = java.util.regex.Pattern.compile("(\\d+)([kmgKMG])").matcher(value);
        if (size.matches()) {
            long unit = switch (Character.toLowerCase(size.group(2).charAt(0))) {
                case 'k' -> 1L << 10;
                case 'm' -> 1L << 20;
                default -> 1L << 30;
            };
            return String.valueOf(Long.parseLong(size.group(1)) * unit);
        }
        return value.matches("\\d+\\.0+") ? value.substring(0, value.indexOf('.')) : value;
    }

    private static ConfigMap configMap(List<HasMetadata> objects, String prefix) {
        return objects.stream().filter(ConfigMap.class::isInstance).map(ConfigMap.class::cast)
                .filter(c -> c.getMetadata().getName().startsWith(prefix + "-")).findFirst()
                .orElseThrow(() -> new AssertionError("no ConfigMap " + prefix));
    }

    // --- helpers ---------------------------------------------------------------------------------------------------

    static List<HasMetadata> render(String overlay) throws IOException, InterruptedException {
        Path kubectl = Stream.of("/usr/bin/kubectl", "/usr/local/bin/kubectl").map(Path::of)
                .filter(Files::isExecutable).findFirst().orElse(null);
        if (kubectl == null) {
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException("CI=true but kubectl (with its built-in kustomize) is not installed");
            }
            System.err.println("[KubernetesManifestsTest] SKIPPED: kubectl not installed, cannot render k8s/");
            Assumptions.abort("kubectl not installed");
        }
        // The plain command, with kustomize's default load restrictor, as kubectl apply -k, Argo CD and Flux run it.
        Process p = new ProcessBuilder(kubectl.toString(), "kustomize",
                PROJECT.resolve("k8s/overlays").resolve(overlay).toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("kubectl kustomize " + overlay + ":\n" + out).isZero();
        List<HasMetadata> objects = new ArrayList<>();
        for (String doc : out.split("(?m)^---$")) {
            if (!doc.isBlank()) {
                objects.add(SERIALIZATION.unmarshal(doc, HasMetadata.class));
            }
        }
        return objects;
    }

    /** Fields the model did not recognise end up in additionalProperties; any of them is a mistake. */
    static void unknownFields(Object node, String path, List<String> problems) throws Exception {
        if (node == null) {
            return;
        }
        if (node instanceof Collection<?> c) {
            int i = 0;
            for (Object e : c) {
                unknownFields(e, path + "[" + i++ + "]", problems);
            }
            return;
        }
        if (node instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                unknownFields(e.getValue(), path + "." + e.getKey(), problems);
            }
            return;
        }
        if (!node.getClass().getName().startsWith("io.fabric8.") || node instanceof GenericKubernetesResource) {
            return;
        }
        for (Method m : node.getClass().getMethods()) {
            if (m.getParameterCount() != 0 || Modifier.isStatic(m.getModifiers()) || !m.getName().startsWith("get")
                    || m.getDeclaringClass() == Object.class) {
                continue;
            }
            Object value = m.invoke(node);
            if (m.getName().equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    problems.add(path + ": unknown field(s) " + extra.keySet());
                }
            } else {
                unknownFields(value, path + "." + m.getName().substring(3), problems);
            }
        }
    }

    static <T extends HasMetadata> T one(List<HasMetadata> objects, Class<T> type, String name) {
        return objects.stream().filter(type::isInstance).map(type::cast)
                .filter(o -> o.getMetadata().getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name));
    }

    static Container container(PodSpec pod, String name) {
        return pod.getContainers().stream().filter(c -> c.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no container " + name));
    }

    static VolumeMount mount(Container c, String volume) {
        return c.getVolumeMounts().stream().filter(m -> m.getName().equals(volume)).findFirst()
                .orElseThrow(() -> new AssertionError(c.getName() + " does not mount " + volume));
    }

    static String envValue(List<HasMetadata> objects, String configMapPrefix, String key) {
        return objects.stream().filter(ConfigMap.class::isInstance).map(ConfigMap.class::cast)
                .filter(c -> c.getMetadata().getName().startsWith(configMapPrefix + "-"))
                .map(c -> c.getData().get(key)).filter(v -> v != null).findFirst()
                .orElseThrow(() -> new AssertionError(configMapPrefix + " has no " + key));
    }

    static void assertHttpProbe(Probe probe, String path) {
        assertThat(probe).as("probe for " + path).isNotNull();
        assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
        assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("observe");
    }

    static Properties applicationProperties() throws IOException {
        Properties p = new Properties();
        try (var r = Files.newBufferedReader(PROJECT.resolve("application.properties"))) {
            p.load(r);
        }
        return p;
    }
}
