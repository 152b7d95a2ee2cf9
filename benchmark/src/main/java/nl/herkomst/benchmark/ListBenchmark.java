package nl.herkomst.benchmark;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamReader;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import nl.herkomst.command.lists.ListDocument;
import nl.herkomst.command.lists.ListKind;
import nl.herkomst.command.lists.ListReader;
import nl.herkomst.command.lists.SyntheticLists;
import nl.herkomst.command.store.Sha256;

/**
 * The product's MedMij list reader ({@link ListReader}: parse, validate, build the index in one pass) against
 * xmllint on MedMij's official release-1.1 Zorgaanbiederslijst XSD, and, for reference, the JDK's own
 * {@code javax.xml.validation} on the same XSD, all in one run on one generated ZAL.
 * <p>
 * The XSD is read in place from {@code ../shared/fixtures/medmij-lists} beside the checkout (never copied into
 * the repository); without it only the product is timed. Without xmllint on the PATH its part is skipped.
 * <p>
 * Usage: {@code ListBenchmark [providers]} (default 20000). System properties: {@code benchmark.out} (the JSON
 * file; default {@code benchmark/target/list-benchmark.json}), {@code benchmark.xsd} (another XSD),
 * {@code benchmark.iterations} (10), {@code benchmark.warmup} (5), {@code benchmark.external} (5).
 * Exit code: 0; 1 when the product rejects the generated document; 2 on a usage error; 3 when xmllint or the
 * JDK's validator finds the generated document invalid.
 */
public final class ListBenchmark {

    static final double TARGET_RATIO = 1.5;
    private static final double MB = 1_000_000d;

    private final int providers;
    private final int warmup = Integer.getInteger("benchmark.warmup", 5);
    private final int iterations = Integer.getInteger("benchmark.iterations", 10);
    private final int external = Integer.getInteger("benchmark.external", 5);
    private final Map<String, Object> json = new LinkedHashMap<>();
    /** Keeps results reachable so that no work is optimised away. */
    private static volatile Object sink;

    private ListBenchmark(int providers) {
        this.providers = providers;
    }

    public static void main(String[] args) throws Exception {
        int providers = 20_000;
        if (args.length > 1 || (args.length == 1 && !args[0].matches("[1-9][0-9]{0,7}"))) {
            System.err.println("usage: ListBenchmark [providers]   (a positive number, default 20000)");
            System.exit(2);
        }
        if (args.length == 1) {
            providers = Integer.parseInt(args[0]);
        }
        System.exit(new ListBenchmark(providers).run());
    }

    private int run() throws Exception {
        Runtime rt = Runtime.getRuntime();
        System.out.printf(Locale.ROOT, "MedMij list benchmark: Java %s (%s), %d CPUs, max heap %.0f MB%n",
                System.getProperty("java.version"), System.getProperty("java.vm.name"), rt.availableProcessors(), rt.maxMemory() / MB);
        json.put("timestamp", Instant.now().toString());
        json.put("java", System.getProperty("java.version"));
        json.put("cpus", rt.availableProcessors());

        // --- the document ---
        long g0 = System.nanoTime();
        byte[] xml = SyntheticLists.largeZal(providers, 1);
        long generated = System.nanoTime() - g0;
        Path file = Files.createTempFile("herkomst-zal-", ".xml");
        file.toFile().deleteOnExit();
        Files.write(file, xml);
        double sizeMb = xml.length / MB;
        System.out.printf(Locale.ROOT, "document: ZAL release 1.1, %d providers, %d bytes (%.2f MB), generated in %.0f ms: %s%n",
                providers, xml.length, sizeMb, generated / 1e6, file);
        json.put("providers", providers);
        json.put("file_bytes", xml.length);
        json.put("file_mb", round(sizeMb));

        // --- the product ---
        ListReader reader = new ListReader();
        ListDocument first;
        try {
            first = reader.read(xml);
        } catch (ListReader.Rejected e) {
            System.out.println("FAIL the product rejects the generated document: " + e.getMessage());
            json.put("product_rejected", e.code());
            writeJson();
            return 1;
        }
        Integer counted = first.counts().get("zorgaanbieders");
        if (first.kind() != ListKind.ZAL || counted == null || counted != providers) {
            System.out.println("FAIL the product read the document as " + first.kind() + " release " + first.release()
                    + " with counts " + first.counts() + ", expected a ZAL of " + providers + " providers");
            writeJson();
            return 1;
        }
        System.out.printf(Locale.ROOT, "product: accepted as %s release %s, Volgnummer %s, counts %s%n",
                first.kind(), first.release(), first.volgnummer(), first.counts());
        first = null;

        long[] product = time(warmup, iterations, () -> sink = reader.read(xml));
        double productMedian = median(product);
        double productMin = min(product);
        double mbPerS = sizeMb / (productMedian / 1000);
        System.out.printf(Locale.ROOT, "product  ListReader.read      median %8.1f ms  min %8.1f ms  %6.1f MB/s   (%d warm-up, %d timed)%n",
                productMedian, productMin, mbPerS, warmup, iterations);
        json.put("product_median_ms", round(productMedian));
        json.put("product_min_ms", round(productMin));
        json.put("product_mb_per_s", round(mbPerS));
        json.put("product_runs_ms", ms(product));

        Map<String, Double> heap = heap(() -> reader.read(xml));
        System.out.printf(Locale.ROOT,
                "product  heap                 peak +%.1f MB during one read, %.1f MB retained by the document, %.1f MB allocated per read%n",
                heap.get("peak"), heap.get("retained"), heap.get("allocated"));
        json.put("product_heap_peak_mb", round(heap.get("peak")));
        json.put("product_heap_retained_mb", round(heap.get("retained")));
        json.put("product_allocated_mb", round(heap.get("allocated")));

        // where the product's time could go, for reference: the bare StAX pass it is built on, and the SHA-256
        XMLInputFactory stax = staxFactory();
        long[] bare = time(warmup, iterations, () -> sink = staxPass(stax, xml));
        long[] sha = time(warmup, iterations, () -> sink = Sha256.hex(xml));
        System.out.printf(Locale.ROOT, "  of which, for reference: bare StAX pass median %.1f ms, SHA-256 median %.1f ms; "
                        + "the rest (validation, values, index) ~%.1f ms%n",
                median(bare), median(sha), productMedian - median(bare) - median(sha));
        json.put("stax_pass_median_ms", round(median(bare)));
        json.put("sha256_median_ms", round(median(sha)));

        // --- the official XSD ---
        Path xsd = xsd();
        boolean disagreement = false;
        Double xmllintMedian = null;
        Double xmllintMin = null;
        Double jdkMedian = null;
        if (xsd == null) {
            String named = System.getProperty("benchmark.xsd");
            System.out.println("SKIP the official XSD " + (named != null && !named.isBlank() ? named + " (-Dbenchmark.xsd)"
                    : "(../shared/fixtures/medmij-lists/xsd/release-1.1/MedMij_Zorgaanbiederslijst.xsd beside the checkout, looked for from "
                    + Path.of("").toAbsolutePath() + " up)") + " was not found: xmllint and the JDK validator are not timed");
        } else {
            System.out.println("xsd: " + xsd);
            json.put("xsd", xsd.toString());

            // xmllint, an external process per run: process start, schema compilation and validation, as a user runs it
            String version = xmllintVersion();
            if (version == null) {
                System.out.println("SKIP xmllint is not on the PATH (Debian: apt-get install libxml2-utils): not timed");
            } else {
                json.put("xmllint_version", version);
                List<String> command = List.of("xmllint", "--noout", "--nonet", "--schema", xsd.toString(), file.toString());
                long[] lint = new long[external];
                boolean valid = true;
                for (int i = -1; i < external; i++) { // one untimed run first
                    long t0 = System.nanoTime();
                    Run r = exec(command);
                    long t = System.nanoTime() - t0;
                    if (i >= 0) {
                        lint[i] = t;
                    }
                    if (r.exit != 0) {
                        valid = false;
                        System.out.println("xmllint exit code " + r.exit + ": " + firstLines(r.output, 5));
                    }
                }
                xmllintMedian = median(lint);
                xmllintMin = min(lint);
                System.out.printf(Locale.ROOT, "xmllint  --schema (process)    median %8.1f ms  min %8.1f ms  %6.1f MB/s   (%d timed; %s; %s)%n",
                        xmllintMedian, min(lint), sizeMb / (xmllintMedian / 1000), external, valid ? "exit 0: valid" : "INVALID", version);
                json.put("xmllint_median_ms", round(xmllintMedian));
                json.put("xmllint_min_ms", round(min(lint)));
                json.put("xmllint_valid", valid);
                json.put("xmllint_runs_ms", ms(lint));
                if (!valid) {
                    disagreement = true;
                    System.out.println("FAIL xmllint finds the generated document invalid; the product accepts it");
                }
            }

            // the JDK's validator (Xerces inside the JDK), schema compiled once; warmed up like the product
            long s0 = System.nanoTime();
            SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "file");
            Schema schema = factory.newSchema(xsd.toFile());
            double compile = (System.nanoTime() - s0) / 1e6;
            String[] jdkError = new String[1];
            long[] jdk = time(warmup, external, () -> {
                Validator v = schema.newValidator();
                v.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
                v.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
                try {
                    v.validate(new StreamSource(new ByteArrayInputStream(xml)));
                } catch (org.xml.sax.SAXException e) {
                    jdkError[0] = e.getMessage();
                }
            });
            jdkMedian = median(jdk);
            System.out.printf(Locale.ROOT, "jdk      javax.xml.validation median %8.1f ms  min %8.1f ms  %6.1f MB/s   (%d warm-up, %d timed; %s; schema compiled once in %.0f ms)%n",
                    jdkMedian, min(jdk), sizeMb / (jdkMedian / 1000), warmup, external, jdkError[0] == null ? "valid" : "INVALID", compile);
            json.put("jdk_median_ms", round(jdkMedian));
            json.put("jdk_min_ms", round(min(jdk)));
            json.put("jdk_valid", jdkError[0] == null);
            json.put("jdk_schema_compile_ms", round(compile));
            json.put("jdk_runs_ms", ms(jdk));
            if (jdkError[0] != null) {
                disagreement = true;
                System.out.println("FAIL the JDK's validator finds the generated document invalid: " + jdkError[0]);
            }
        }

        // --- the verdict ---
        Double ratio = xmllintMedian == null ? null : productMedian / xmllintMedian;
        json.put("ratio", ratio == null ? null : round(ratio));
        json.put("ratio_jdk", jdkMedian == null ? null : round(productMedian / jdkMedian));
        json.put("target_ratio", TARGET_RATIO);
        json.put("target_met", ratio == null ? null : ratio <= TARGET_RATIO);
        if (ratio != null) {
            System.out.printf(Locale.ROOT, "ratio product/xmllint = %.2f: %s (target: at most %.1f)%n", ratio,
                    ratio <= TARGET_RATIO ? "target met" : "TARGET MISSED", TARGET_RATIO);
        }
        if (jdkMedian != null) {
            System.out.printf(Locale.ROOT, "ratio product/jdk     = %.2f%n", productMedian / jdkMedian);
        }
        Path out = writeJson();
        System.out.printf(Locale.ROOT, "RESULT product_median_ms=%s product_min_ms=%s xmllint_median_ms=%s xmllint_min_ms=%s ratio=%s "
                        + "jdk_median_ms=%s file_mb=%s providers=%d heap_peak_mb=%s%n",
                fmt(productMedian), fmt(productMin), fmt(xmllintMedian), fmt(xmllintMin), ratio == null ? "n/a" : String.format(Locale.ROOT, "%.2f", ratio),
                fmt(jdkMedian), fmt(sizeMb), providers, fmt(heap.get("peak")));
        System.out.println("json: " + out);
        return disagreement ? 3 : 0;
    }

    // --- timing ---

    @FunctionalInterface
    interface Work {
        void run() throws Exception;
    }

    /** Runs {@code work} {@code warmup} times untimed, then {@code n} times timed: the run times in nanoseconds. */
    private static long[] time(int warmup, int n, Work work) throws Exception {
        for (int i = 0; i < warmup; i++) {
            work.run();
        }
        System.gc();
        long[] t = new long[n];
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            work.run();
            t[i] = System.nanoTime() - t0;
        }
        return t;
    }

    static double median(long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        int n = s.length;
        double m = n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2d;
        return m / 1e6;
    }

    static double min(long[] nanos) {
        return Arrays.stream(nanos).min().orElseThrow() / 1e6;
    }

    private static List<Double> ms(long[] nanos) {
        List<Double> l = new ArrayList<>();
        for (long t : nanos) {
            l.add(round(t / 1e6));
        }
        return l;
    }

    // --- heap ---

    /**
     * Heap use of one read: the peak above the heap in use after a GC before it (the sum of the heap pools'
     * peaks, garbage included: an upper bound of what the read needs at once), what the document keeps after a
     * GC, and the bytes the reading thread allocated.
     */
    private static Map<String, Double> heap(java.util.concurrent.Callable<Object> read) throws Exception {
        Runtime rt = Runtime.getRuntime();
        List<MemoryPoolMXBean> pools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).toList();
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        sink = null;
        gc();
        long before = rt.totalMemory() - rt.freeMemory();
        pools.forEach(MemoryPoolMXBean::resetPeakUsage);
        long a0 = threads.getThreadAllocatedBytes(tid);
        Object document = read.call();
        long a1 = threads.getThreadAllocatedBytes(tid);
        long peak = pools.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        long rawAfter = rt.totalMemory() - rt.freeMemory();
        gc();
        long after = rt.totalMemory() - rt.freeMemory();
        java.lang.ref.Reference.reachabilityFence(document); // reachable up to here: retained is what the document holds
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("peak", Math.max(peak, rawAfter) / MB - before / MB);
        m.put("retained", Math.max(0, after - before) / MB);
        m.put("allocated", (a1 - a0) / MB);
        return m;
    }

    private static void gc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            TimeUnit.MILLISECONDS.sleep(50);
        }
    }

    // --- the reference StAX pass ---

    /** The JDK's StAX parser with the settings of the product's validator. */
    private static XMLInputFactory staxFactory() {
        XMLInputFactory f = XMLInputFactory.newDefaultFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        f.setProperty(XMLInputFactory.IS_COALESCING, true);
        return f;
    }

    /** Every event, every element's name and namespace and every text: what any reader must at least do. */
    private static long staxPass(XMLInputFactory f, byte[] xml) throws Exception {
        long h = 0;
        XMLStreamReader r = f.createXMLStreamReader(new ByteArrayInputStream(xml));
        while (r.hasNext()) {
            switch (r.next()) {
                case XMLStreamConstants.START_ELEMENT -> h += r.getLocalName().length() + r.getNamespaceURI().length();
                case XMLStreamConstants.CHARACTERS -> h += r.getTextLength();
                default -> {
                }
            }
        }
        r.close();
        return h;
    }

    // --- the XSD and xmllint ---

    /** MedMij's release-1.1 ZAL schema at ../shared/fixtures/medmij-lists beside the checkout, from the working directory up. */
    static Path xsd() {
        String named = System.getProperty("benchmark.xsd");
        if (named != null && !named.isBlank()) {
            Path p = Path.of(named).toAbsolutePath().normalize();
            return Files.isRegularFile(p) ? p : null;
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null && dir.getParent() != null; dir = dir.getParent()) {
            Path candidate = dir.resolveSibling("shared").resolve("fixtures/medmij-lists/xsd/release-1.1/MedMij_Zorgaanbiederslijst.xsd");
            if (Files.isRegularFile(candidate)) {
                return candidate.normalize();
            }
        }
        return null;
    }

    private record Run(int exit, String output) {
    }

    private static Run exec(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String output;
        try (InputStream in = p.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        return new Run(p.waitFor(), output);
    }

    /** xmllint's version line, or null when it is not on the PATH. */
    private static String xmllintVersion() throws InterruptedException {
        try {
            Run r = exec(List.of("xmllint", "--version"));
            String line = firstLines(r.output, 1).trim();
            return line.isEmpty() ? "xmllint (version unknown)" : line;
        } catch (IOException e) {
            return null;
        }
    }

    private static String firstLines(String s, int n) {
        return String.join(" | ", s.lines().limit(n).toList());
    }

    // --- output ---

    private static double round(double d) {
        return Math.round(d * 100) / 100d;
    }

    private static String fmt(Double d) {
        return d == null ? "n/a" : String.format(Locale.ROOT, "%.1f", d);
    }

    /** benchmark.out, else benchmark/target/list-benchmark.json below the repository root or the module. */
    private Path writeJson() throws IOException {
        String named = System.getProperty("benchmark.out");
        Path cwd = Path.of("").toAbsolutePath();
        Path out;
        if (named != null && !named.isBlank()) {
            out = Path.of(named);
        } else if (Files.isRegularFile(cwd.resolve("benchmark/pom.xml"))) {
            out = cwd.resolve("benchmark/target/list-benchmark.json");
        } else {
            out = cwd.resolve("target/list-benchmark.json");
        }
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, toJson(json) + "\n");
        return out.toAbsolutePath().normalize();
    }

    private static String toJson(Object o) {
        if (o == null) {
            return "null";
        }
        if (o instanceof Number || o instanceof Boolean) {
            return o.toString();
        }
        if (o instanceof Map<?, ?> m) {
            StringBuilder sb = new StringBuilder("{\n");
            int i = 0;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                sb.append("  ").append(toJson(String.valueOf(e.getKey()))).append(": ").append(toJson(e.getValue()))
                        .append(++i < m.size() ? ",\n" : "\n");
            }
            return sb.append('}').toString();
        }
        if (o instanceof List<?> l) {
            return "[" + String.join(", ", l.stream().map(ListBenchmark::toJson).toList()) + "]";
        }
        StringBuilder sb = new StringBuilder("\"");
        for (char c : o.toString().toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
