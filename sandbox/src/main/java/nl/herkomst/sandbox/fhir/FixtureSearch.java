package nl.herkomst.sandbox.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeResourceDefinition;
import ca.uhn.fhir.context.RuntimeSearchParam;
import ca.uhn.fhir.model.api.Include;
import ca.uhn.fhir.rest.api.RestSearchParameterTypeEnum;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.util.FhirTerser;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.instance.model.api.IBaseCoding;
import org.hl7.fhir.instance.model.api.IBaseReference;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.instance.model.api.IPrimitiveType;

/**
 * Search over the fixtures as the Nictiz reference server answers a PGO: only the token's patient's
 * resources, token parameters (comma = or, repeated = and), {@code _include} and {@code $lastn}.
 */
public final class FixtureSearch {

    /** A resource in a search result and whether it matched or was included. */
    public record Hit(IBaseResource resource, boolean included) {
    }

    private static final Set<String> IGNORED = Set.of("_format", "_pretty", "_count", "_summary", "_include", "_include:iterate",
            "_revinclude", "max");

    /** Token search parameters that Nictiz's profiles add to the base specification (type:name → path). */
    private static final Map<String, String> NICTIZ_TOKEN_PARAMS = Map.of(
            "MedicationDispense:category", "MedicationDispense.category",
            "MedicationAdministration:category", "MedicationAdministration.category");

    private final FhirContext ctx;
    private final FixtureStore store;

    public FixtureSearch(FhirContext ctx, FixtureStore store) {
        this.ctx = ctx;
        this.store = store;
    }

    public List<Hit> search(String type, Map<String, List<String>> params, Collection<Include> includes, String patientId) {
        List<IBaseResource> matches = matches(type, params, patientId);
        return withIncludes(matches, includes);
    }

    /** $lastn: the most recent {@code max} (default 1) matching Observations per code. */
    public List<Hit> lastn(Map<String, List<String>> params, Collection<Include> includes, String patientId) {
        int max = 1;
        if (params.containsKey("max")) {
            try {
                max = Integer.parseInt(params.get("max").get(0));
            } catch (NumberFormatException e) {
                throw new InvalidRequestException("max must be a positive integer");
            }
        }
        FhirTerser t = ctx.newTerser();
        Map<String, List<IBaseResource>> byCode = new LinkedHashMap<>();
        for (IBaseResource r : matches("Observation", params, patientId)) {
            byCode.computeIfAbsent(codeKey(t, r), k -> new ArrayList<>()).add(r);
        }
        List<IBaseResource> result = new ArrayList<>();
        for (List<IBaseResource> group : byCode.values()) {
            group.sort(Comparator.comparing((IBaseResource r) -> effective(t, r)).reversed());
            result.addAll(group.subList(0, Math.min(max, group.size())));
        }
        return withIncludes(result, includes);
    }

    private List<IBaseResource> matches(String type, Map<String, List<String>> params, String patientId) {
        RuntimeResourceDefinition def = ctx.getResourceDefinition(type);
        List<IBaseResource> result = new ArrayList<>();
        for (IBaseResource r : store.all(type)) {
            if (inCompartment(r, patientId) && matchesAll(def, r, params)) {
                result.add(r);
            }
        }
        return result;
    }

    private boolean matchesAll(RuntimeResourceDefinition def, IBaseResource r, Map<String, List<String>> params) {
        if (params == null) {
            return true;
        }
        for (Map.Entry<String, List<String>> p : params.entrySet()) {
            String name = p.getKey();
            if (IGNORED.contains(name)) {
                continue;
            }
            if (name.equals("_id")) {
                for (String andValue : p.getValue()) {
                    if (!Arrays.asList(andValue.split(",")).contains(r.getIdElement().getIdPart())) {
                        return false;
                    }
                }
                continue;
            }
            if (name.equals("patient") || name.equals("subject")) {
                throw new InvalidRequestException("the patient follows from the token: no " + name + " parameter");
            }
            if (name.equals(PHARMACEUTICAL_TREATMENT)) {
                for (String andValue : p.getValue()) {
                    if (!tokenMatches(rootExtensionValues(r, PT_EXTENSION), Arrays.asList(andValue.split(",")))) {
                        return false;
                    }
                }
                continue;
            }
            if (name.equals(PERIOD_OF_USE)) {
                List<IBase> periods = rootExtensionValues(r, PERIOD_EXTENSION);
                if (periods.isEmpty() && "MedicationStatement".equals(def.getName())) {
                    periods = values(ctx.newTerser(), r, "MedicationStatement.effective");
                }
                for (String andValue : p.getValue()) {
                    if (!dateMatches(periods, andValue)) {
                        return false;
                    }
                }
                continue;
            }
            if (name.contains(".")) {
                for (String andValue : p.getValue()) {
                    if (!chainMatches(def, r, name, Arrays.asList(andValue.split(",")))) {
                        return false;
                    }
                }
                continue;
            }
            RuntimeSearchParam sp = def.getSearchParam(name);
            String extraPath = NICTIZ_TOKEN_PARAMS.get(def.getName() + ":" + name);
            if (sp == null && extraPath == null) {
                throw new InvalidRequestException("Unknown search parameter " + name + " for resource type " + def.getName());
            }
            if (sp == null) {
                for (String andValue : p.getValue()) {
                    if (!tokenMatches(List.of(extraPath), r, Arrays.asList(andValue.split(",")))) {
                        return false;
                    }
                }
                continue;
            }
            if (sp.getParamType() == RestSearchParameterTypeEnum.DATE) {
                for (String andValue : p.getValue()) {
                    if (!dateMatches(paths(sp.getPath()), r, andValue)) {
                        return false;
                    }
                }
                continue;
            }
            if (sp.getParamType() != RestSearchParameterTypeEnum.TOKEN) {
                throw new InvalidRequestException("The sandbox supports only token and date parameters so far, not " + name);
            }
            for (String andValue : p.getValue()) {
                List<String> orValues = Arrays.asList(andValue.split(","));
                if (!tokenMatches(paths(sp.getPath()), r, orValues)) {
                    return false;
                }
            }
        }
        return true;
    }

    private boolean tokenMatches(List<String> paths, IBaseResource r, List<String> wanted) {
        FhirTerser t = ctx.newTerser();
        List<IBase> all = new ArrayList<>();
        for (String path : paths) {
            all.addAll(values(t, r, path));
        }
        return tokenMatches(all, wanted);
    }

    private boolean tokenMatches(List<IBase> elements, List<String> wanted) {
        FhirTerser t = ctx.newTerser();
        for (IBase value : elements) {
            for (String[] sc : tokens(t, value)) {
                for (String w : wanted) {
                    int bar = w.indexOf('|');
                    String system = bar < 0 ? null : w.substring(0, bar);
                    String code = bar < 0 ? w : w.substring(bar + 1);
                    boolean systemOk = system == null || system.equals(sc[0]);
                    boolean codeOk = code.isEmpty() || code.equals(sc[1]);
                    if (systemOk && codeOk) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static final java.util.regex.Pattern DATE_PARAM = java.util.regex.Pattern.compile("(eq|ne|gt|lt|ge|le)?(\\d{4}(-\\d{2}(-\\d{2})?)?)(T.*)?");

    /** A date parameter at day precision: ge/gt/le/lt/eq/ne against the day range of the element's value or period. */
    private boolean dateMatches(List<String> paths, IBaseResource r, String wanted) {
        FhirTerser t = ctx.newTerser();
        List<IBase> all = new ArrayList<>();
        for (String path : paths) {
            all.addAll(values(t, r, path));
        }
        return dateMatches(all, wanted);
    }

    private boolean dateMatches(List<IBase> elements, String wanted) {
        java.util.regex.Matcher m = DATE_PARAM.matcher(wanted);
        if (!m.matches()) {
            throw new InvalidRequestException("not a date search value: " + wanted);
        }
        String prefix = m.group(1) == null ? "eq" : m.group(1);
        String[] w = range(m.group(2));
        FhirTerser t = ctx.newTerser();
        for (IBase value : elements) {
            String[] v;
            if (value instanceof IPrimitiveType<?> p) {
                if (p.getValueAsString() == null) {
                    continue;
                }
                v = range(p.getValueAsString());
            } else {
                String start = t.getSinglePrimitiveValueOrNull(value, "start");
                String end = t.getSinglePrimitiveValueOrNull(value, "end");
                if (end == null && start != null) {
                    end = endByDuration(value, start);
                }
                v = new String[] {start == null ? "0000-00-00" : range(start)[0], end == null ? "9999-99-99" : range(end)[1]};
            }
            boolean match = switch (prefix) {
                case "ge" -> v[1].compareTo(w[0]) >= 0;
                case "gt" -> v[1].compareTo(w[1]) > 0;
                case "le" -> v[0].compareTo(w[1]) <= 0;
                case "lt" -> v[0].compareTo(w[0]) < 0;
                case "ne" -> v[1].compareTo(w[0]) < 0 || v[0].compareTo(w[1]) > 0;
                default -> v[0].compareTo(w[1]) <= 0 && v[1].compareTo(w[0]) >= 0;
            };
            if (match) {
                return true;
            }
        }
        return false;
    }

    private static final String PERIOD_OF_USE = "period-of-use";
    private static final String PHARMACEUTICAL_TREATMENT = "pharmaceutical-treatment-identifier";
    private static final String PERIOD_EXTENSION = "http://nictiz.nl/fhir/StructureDefinition/ext-TimeInterval.Period";
    private static final String DURATION_EXTENSION = "http://nictiz.nl/fhir/StructureDefinition/ext-TimeInterval.Duration";
    private static final String PT_EXTENSION = "http://nictiz.nl/fhir/StructureDefinition/ext-PharmaceuticalTreatment.Identifier";

    /** The values of the resource's own extensions with this url. */
    private static List<IBase> rootExtensionValues(IBaseResource r, String url) {
        List<IBase> result = new ArrayList<>();
        if (r instanceof org.hl7.fhir.instance.model.api.IBaseHasExtensions has) {
            for (org.hl7.fhir.instance.model.api.IBaseExtension<?, ?> e : has.getExtension()) {
                if (url.equals(e.getUrl()) && e.getValue() != null) {
                    result.add(e.getValue());
                }
            }
        }
        return result;
    }

    /** A Period without end whose MP9 duration extension gives its length: start + duration (d, wk, mo, a; shorter = same day). */
    private static String endByDuration(IBase period, String start) {
        if (!(period instanceof org.hl7.fhir.instance.model.api.IBaseHasExtensions has)) {
            return null;
        }
        for (org.hl7.fhir.instance.model.api.IBaseExtension<?, ?> e : has.getExtension()) {
            if (DURATION_EXTENSION.equals(e.getUrl()) && e.getValue() instanceof org.hl7.fhir.r4.model.Duration d && d.getValue() != null
                    && start.length() >= 10) {
                java.time.LocalDate from = java.time.LocalDate.parse(start.substring(0, 10));
                long n = d.getValue().longValue();
                java.time.LocalDate to = switch (String.valueOf(d.getCode())) {
                    case "d" -> from.plusDays(n);
                    case "wk" -> from.plusWeeks(n);
                    case "mo" -> from.plusMonths(n);
                    case "a" -> from.plusYears(n);
                    default -> from;
                };
                return to.toString();
            }
        }
        return null;
    }

    /** {@code medication.code=...}: the reference parameter's targets, matched on their token parameter. */
    private boolean chainMatches(RuntimeResourceDefinition def, IBaseResource r, String chain, List<String> wanted) {
        String[] parts = chain.split("\\.", 2);
        RuntimeSearchParam reference = def.getSearchParam(parts[0]);
        if (reference == null || reference.getParamType() != RestSearchParameterTypeEnum.REFERENCE) {
            throw new InvalidRequestException("Unknown chained search parameter " + chain + " for resource type " + def.getName());
        }
        FhirTerser t = ctx.newTerser();
        for (String path : paths(reference.getPath())) {
            for (IBase value : values(t, r, path)) {
                if (value instanceof IBaseReference ref && ref.getReferenceElement() != null && ref.getReferenceElement().getIdPart() != null) {
                    IBaseResource target = store.get(ref.getReferenceElement().getResourceType(), ref.getReferenceElement().getIdPart());
                    if (target == null) {
                        continue;
                    }
                    RuntimeSearchParam token = ctx.getResourceDefinition(target).getSearchParam(parts[1]);
                    if (token != null && tokenMatches(paths(token.getPath()), target, wanted)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** "2026" → [2026-00-00, 2026-99-99]; "2026-10-01T09:30:00+02:00" → [2026-10-01, 2026-10-01] (the local day written). */
    private static String[] range(String date) {
        String day = date.length() >= 10 ? date.substring(0, 10) : date;
        return switch (day.length()) {
            case 4 -> new String[] {day + "-00-00", day + "-99-99"};
            case 7 -> new String[] {day + "-00", day + "-99"};
            default -> new String[] {day, day};
        };
    }

    /** system, code pairs of a token-valued element. */
    private List<String[]> tokens(FhirTerser t, IBase value) {
        List<String[]> result = new ArrayList<>();
        if (value instanceof IBaseCoding c) {
            result.add(new String[] {c.getSystem(), c.getCode()});
        } else if (value instanceof IPrimitiveType<?> p) {
            result.add(new String[] {null, p.getValueAsString()});
        } else {
            String kind = ctx.getElementDefinition(value.getClass()).getName();
            if ("CodeableConcept".equals(kind)) {
                for (IBase coding : t.getValues(value, "coding")) {
                    if (coding instanceof IBaseCoding c) {
                        result.add(new String[] {c.getSystem(), c.getCode()});
                    }
                }
            } else if ("Identifier".equals(kind) || "ContactPoint".equals(kind)) {
                result.add(new String[] {t.getSinglePrimitiveValueOrNull(value, "system"), t.getSinglePrimitiveValueOrNull(value, "value")});
            }
        }
        return result;
    }

    private List<Hit> withIncludes(List<IBaseResource> matches, Collection<Include> includes) {
        List<Hit> hits = new ArrayList<>();
        Set<String> seen = new java.util.HashSet<>();
        for (IBaseResource r : matches) {
            seen.add(key(r));
            hits.add(new Hit(r, false));
        }
        if (includes == null || includes.isEmpty()) {
            return hits;
        }
        FhirTerser t = ctx.newTerser();
        List<IBaseResource> frontier = new ArrayList<>(matches);
        boolean first = true;
        while (!frontier.isEmpty()) {
            List<IBaseResource> next = new ArrayList<>();
            for (Include inc : includes) {
                if (!first && !inc.isRecurse()) {
                    continue;
                }
                for (IBaseResource r : frontier) {
                    if (!ctx.getResourceType(r).equals(inc.getParamType())) {
                        continue;
                    }
                    RuntimeSearchParam sp = ctx.getResourceDefinition(r).getSearchParam(inc.getParamName());
                    if (sp == null || sp.getParamType() != RestSearchParameterTypeEnum.REFERENCE) {
                        continue; // an _include this server does not know (Nictiz profile parameters): ignored, as servers may
                    }
                    for (String path : paths(sp.getPath())) {
                        for (IBase value : values(t, r, path)) {
                            if (!(value instanceof IBaseReference ref)) {
                                continue;
                            }
                            IIdType id = ref.getReferenceElement();
                            if (id == null || id.getResourceType() == null || id.getIdPart() == null) {
                                continue;
                            }
                            if (inc.getParamTargetType() != null && !inc.getParamTargetType().equals(id.getResourceType())) {
                                continue;
                            }
                            IBaseResource target = store.get(id.getResourceType(), id.getIdPart());
                            if (target != null && seen.add(key(target))) {
                                hits.add(new Hit(target, true));
                                next.add(target);
                            }
                        }
                    }
                }
            }
            frontier = next;
            first = false;
        }
        return hits;
    }

    /**
     * A read is allowed for the token's own resources and for resources that belong to no patient
     * (Practitioner, Organization, Medication, Binary ...); never for another patient's.
     */
    public boolean readable(IBaseResource r, String patientId) {
        if (inCompartment(r, patientId)) {
            return true;
        }
        if ("Patient".equals(ctx.getResourceType(r))) {
            return false;
        }
        for (IBaseReference ref : ctx.newTerser().getAllPopulatedChildElementsOfType(r, IBaseReference.class)) {
            IIdType id = ref.getReferenceElement();
            if (id != null && "Patient".equals(id.getResourceType())) {
                return false;
            }
        }
        return true;
    }

    private boolean inCompartment(IBaseResource r, String patientId) {
        if (patientId == null) {
            return false;
        }
        if ("Patient".equals(ctx.getResourceType(r))) {
            return patientId.equals(r.getIdElement().getIdPart());
        }
        for (IBaseReference ref : ctx.newTerser().getAllPopulatedChildElementsOfType(r, IBaseReference.class)) {
            IIdType id = ref.getReferenceElement();
            if (id != null && "Patient".equals(id.getResourceType()) && patientId.equals(id.getIdPart())) {
                return true;
            }
        }
        return false;
    }

    /** "(Observation.medication as Reference) | Observation.x" → ["Observation.medicationReference", "Observation.x"] */
    static List<String> paths(String expression) {
        List<String> result = new ArrayList<>();
        if (expression == null) {
            return result;
        }
        for (String part : expression.split("\\|")) {
            String p = part.trim().replaceAll("^\\((.*)\\)$", "$1").trim();
            java.util.regex.Matcher choice = java.util.regex.Pattern.compile("^(.*)\\s+as\\s+(\\w+)$").matcher(p);
            if (!choice.matches()) {
                choice = java.util.regex.Pattern.compile("^(.*)\\.as\\((\\w+)\\)$").matcher(p);
            }
            if (choice.matches()) {
                String type = choice.group(2);
                p = choice.group(1) + Character.toUpperCase(type.charAt(0)) + type.substring(1);
            }
            if (!p.isEmpty() && !p.contains(" ") && !p.contains("(")) {
                result.add(p);
            }
        }
        return result;
    }

    /** The values at a search parameter's path; a choice element ("effective") is also tried as "effective[x]". */
    private static List<IBase> values(FhirTerser t, IBaseResource r, String path) {
        try {
            return t.getValues(r, path);
        } catch (RuntimeException e) {
            return t.getValues(r, path + "[x]");
        }
    }

    private String key(IBaseResource r) {
        return ctx.getResourceType(r) + "/" + r.getIdElement().getIdPart();
    }

    private static String codeKey(FhirTerser t, IBaseResource observation) {
        for (IBase coding : t.getValues(observation, "Observation.code.coding")) {
            if (coding instanceof IBaseCoding c) {
                return c.getSystem() + "|" + c.getCode();
            }
        }
        String text = t.getSinglePrimitiveValueOrNull(observation, "Observation.code.text");
        return text == null ? "" : text;
    }

    private static String effective(FhirTerser t, IBaseResource observation) {
        for (IBase value : values(t, observation, "Observation.effective")) {
            if (value instanceof IPrimitiveType<?> p && p.getValueAsString() != null) {
                return p.getValueAsString();
            }
            String start = t.getSinglePrimitiveValueOrNull(value, "start");
            if (start != null) {
                return start;
            }
        }
        String issued = t.getSinglePrimitiveValueOrNull(observation, "Observation.issued");
        return issued == null ? "" : issued;
    }
}
