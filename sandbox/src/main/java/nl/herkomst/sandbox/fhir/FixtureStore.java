package nl.herkomst.sandbox.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.LenientErrorHandler;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * The resources the sandbox serves, read once from fixture folders: one resource per JSON or XML file,
 * as the Nictiz reference server holds them. Placeholders ({@code ${DATE, T, D, -14}}, {@code ${UUID}})
 * are filled in against the test date T. TestScripts and files of another FHIR version are skipped.
 */
public final class FixtureStore {

    private static final Logger log = LoggerFactory.getLogger(FixtureStore.class);
    private static final Pattern DATE = Pattern.compile("\\$\\{DATE,\\s*T,\\s*([YMD]),\\s*([+-]?\\s*\\d+)\\s*}");
    private static final Pattern UUID_PLACEHOLDER = Pattern.compile("\\$\\{UUID}");

    private final FhirContext ctx;
    /** type → id → resource */
    private final Map<String, Map<String, IBaseResource>> resources = new LinkedHashMap<>();
    private int files;

    private FixtureStore(FhirContext ctx) {
        this.ctx = ctx;
    }

    /**
     * @param location a folder on disk, or {@code classpath:folder}
     * @param fhirVersion only files of this version are read (a path segment or name containing R4 marks R4)
     */
    public static FixtureStore load(FhirContext ctx, String location, String fhirVersion, LocalDate testDate) {
        FixtureStore store = new FixtureStore(ctx);
        try {
            if (location.startsWith("classpath:")) {
                String folder = location.substring("classpath:".length()).replaceAll("^/+|/+$", "");
                PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver();
                for (String ext : List.of("json", "xml")) {
                    for (Resource r : resolver.getResources("classpath*:" + folder + "/**/*." + ext)) {
                        try (InputStream in = r.getInputStream()) {
                            store.add(r.getFilename(), new String(in.readAllBytes(), StandardCharsets.UTF_8), testDate);
                        }
                    }
                }
            } else {
                Path root = Path.of(location);
                if (!Files.isDirectory(root)) {
                    throw new IllegalArgumentException("sandbox fixture folder does not exist: " + root.toAbsolutePath());
                }
                List<Path> paths;
                try (Stream<Path> walk = Files.walk(root)) {
                    paths = walk.filter(Files::isRegularFile)
                            .filter(p -> p.toString().endsWith(".json") || p.toString().endsWith(".xml"))
                            .filter(p -> isVersion(root.relativize(p).toString(), fhirVersion))
                            .sorted().toList();
                }
                for (Path p : paths) {
                    store.add(root.relativize(p).toString(), Files.readString(p, StandardCharsets.UTF_8), testDate);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not read sandbox fixtures from " + location + ": " + e.getMessage(), e);
        }
        log.info("Sandbox fixtures: {} resources of {} types from {} files in {}", store.count(), store.resources.size(),
                store.files, location);
        return store;
    }

    private static boolean isVersion(String relative, String fhirVersion) {
        boolean r4 = relative.matches("(?i)(.*[/_-])?R4([/_-].*)?");
        return "R4".equals(fhirVersion) == r4;
    }

    /** Fills {@code ${DATE, T, D, ±n}} (Y, M or D) against the test date T and {@code ${UUID}} with values stable per seed. */
    public static String fillPlaceholders(String text, LocalDate testDate, String seed) {
        Matcher m = DATE.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            long n = Long.parseLong(m.group(2).replace(" ", "").replace("+", ""));
            LocalDate d = switch (m.group(1)) {
                case "Y" -> testDate.plusYears(n);
                case "M" -> testDate.plusMonths(n);
                default -> testDate.plusDays(n);
            };
            m.appendReplacement(sb, d.toString());
        }
        m.appendTail(sb);
        Matcher u = UUID_PLACEHOLDER.matcher(sb.toString());
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (u.find()) {
            u.appendReplacement(out, UUID.nameUUIDFromBytes((seed + "#" + i++).getBytes(StandardCharsets.UTF_8)).toString());
        }
        u.appendTail(out);
        return out.toString();
    }

    private void add(String name, String text, LocalDate testDate) {
        String trimmed = text.stripLeading();
        IParser parser = trimmed.startsWith("<") ? ctx.newXmlParser() : ctx.newJsonParser();
        parser.setParserErrorHandler(new LenientErrorHandler(false));
        IBaseResource resource;
        try {
            resource = parser.parseResource(fillPlaceholders(text, testDate, name));
        } catch (RuntimeException e) {
            log.debug("Skipping fixture {}: not a {} resource", name, ctx.getVersion().getVersion());
            return;
        }
        String type = ctx.getResourceType(resource);
        if ("TestScript".equals(type) || resource.getIdElement().getIdPart() == null) {
            return;
        }
        files++;
        resource.setId(type + "/" + resource.getIdElement().getIdPart());
        resources.computeIfAbsent(type, t -> new LinkedHashMap<>()).put(resource.getIdElement().getIdPart(), resource);
    }

    public FhirContext context() {
        return ctx;
    }

    public Collection<IBaseResource> all(String type) {
        return resources.getOrDefault(type, Map.of()).values();
    }

    public IBaseResource get(String type, String id) {
        return resources.getOrDefault(type, Map.of()).get(id);
    }

    public List<String> types() {
        return new ArrayList<>(resources.keySet());
    }

    public int count() {
        return resources.values().stream().mapToInt(Map::size).sum();
    }
}
