package dev.parley.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The process's own figures on /metrics: JVM memory, threads and GC, CPU time and resident memory.
 * {@code parley bench} reads the last two to report a local server's cost per message and per
 * connection.
 */
public final class NodeMetrics {
    // Held here: a gauge keeps only a weak reference to the object it reads.
    private static final Path STATUS = Path.of("/proc/self/status");

    private NodeMetrics() {}

    /** A new registry for a node's /metrics, with the process's figures already bound. */
    public static PrometheusMeterRegistry registry() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        bind(registry);
        return registry;
    }

    public static void bind(MeterRegistry registry) {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        // A counter (exported as ..._total), not a gauge: it only grows, and rate() must see a restart's reset.
        io.micrometer.core.instrument.FunctionCounter.builder("parley_process_cpu_seconds",
                        ManagementFactory.getOperatingSystemMXBean(), NodeMetrics::cpuSeconds)
                .description("CPU time the node's process has used, all threads, in seconds").register(registry);
        io.micrometer.core.instrument.Gauge.builder("parley_process_resident_memory_bytes", STATUS, NodeMetrics::residentBytes)
                .description("the node's resident memory (VmRSS, Linux), in bytes").register(registry);
    }

    /** CPU time this process has used, all threads, in seconds. */
    static double cpuSeconds(java.lang.management.OperatingSystemMXBean os) {
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() / 1e9 : Double.NaN;
    }

    /** VmRSS from /proc (Linux); NaN elsewhere. */
    static double residentBytes(Path status) {
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024.0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }
}
