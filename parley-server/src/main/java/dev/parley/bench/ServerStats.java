package dev.parley.bench;

/**
 * The node's own figures read from its /metrics: CPU time used and resident memory (Linux), heap
 * in use. A node that does not publish them (not Parley, or not on Linux) gives NaN.
 */
record ServerStats(double cpuSeconds, double residentBytes, double heapBytes, long atNanos) {

    static ServerStats read(Http http) {
        String text = http.metrics();
        double cpu = Double.NaN;
        double rss = Double.NaN;
        double heap = 0;
        boolean sawHeap = false;
        for (String line : text.split("\n")) {
            if (line.startsWith("parley_process_cpu_seconds_total ")) {
                cpu = value(line);
            } else if (line.startsWith("parley_process_resident_memory_bytes ")) {
                rss = value(line);
            } else if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                heap += value(line);
                sawHeap = true;
            }
        }
        return new ServerStats(cpu, rss, sawHeap ? heap : Double.NaN, System.nanoTime());
    }

    private static double value(String line) {
        try {
            return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** CPU time this (bench) process has used, all threads, in seconds; NaN where the JVM does not say. */
    static double ownCpuSeconds() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os ? os.getProcessCpuTime() / 1e9 : Double.NaN;
    }

    /** Cores busy on average between two readings. */
    static double cores(ServerStats before, ServerStats after) {
        return (after.cpuSeconds - before.cpuSeconds) / ((after.atNanos - before.atNanos) / 1e9);
    }
}
