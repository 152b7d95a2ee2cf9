package nl.herkomst.query.elements;

import ca.uhn.fhir.context.BaseRuntimeChildDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementCompositeDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementDefinition;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeResourceDefinition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/**
 * Every data element of a resource as a flat list a front end can show without knowing the zib: one
 * entry per leaf (a primitive, or a Coding, Quantity or Reference taken as one), with its path, a
 * readable label, its datatype, the value formatted for people, and every raw primitive it holds. It
 * walks the JSON exactly as received (nothing the provider sent is skipped, unknown elements included)
 * and takes datatypes from HAPI's definitions of the resource's FHIR version. Elements under a
 * {@code modifierExtension} are flagged: they change the meaning of the resource.
 */
public final class ElementList {

    /**
     * @param values every primitive under this element, by its path relative to the element ("" for itself)
     */
    public record Element(String path, String label, String datatype, String value, boolean modifier, Map<String, String> values) {
    }

    private static final Set<String> GROUPED = Set.of("Coding", "Quantity", "SimpleQuantity", "Age", "Duration", "Distance", "Count",
            "MoneyQuantity", "Money", "Reference");

    private final FhirContext ctx;
    /** "Patient/123" → a display for that resource, when the dossier holds it; may return null. */
    private final Function<String, String> referenceDisplay;

    public ElementList(FhirContext ctx, Function<String, String> referenceDisplay) {
        this.ctx = ctx;
        this.referenceDisplay = referenceDisplay;
    }

    public List<Element> of(JsonNode resource) {
        List<Element> out = new ArrayList<>();
        String type = resource.path("resourceType").asString(null);
        RuntimeResourceDefinition def = type == null ? null : safeResourceDefinition(type);
        walkObject(resource, "", def, false, out);
        return out;
    }

    private RuntimeResourceDefinition safeResourceDefinition(String type) {
        try {
            return ctx.getResourceDefinition(type);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private void walkObject(JsonNode node, String path, BaseRuntimeElementDefinition<?> def, boolean modifier, List<Element> out) {
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            String name = field.getKey();
            if (path.isEmpty() && name.equals("resourceType")) {
                out.add(new Element("resourceType", "Resource type", "code", field.getValue().asString(), false,
                        Map.of("", field.getValue().asString())));
                continue;
            }
            boolean primitiveExtension = name.startsWith("_");
            String elementName = primitiveExtension ? name.substring(1) : name;
            BaseRuntimeElementDefinition<?> childDef = childDefinition(def, elementName);
            boolean childModifier = modifier || elementName.equals("modifierExtension");
            String childPath = path.isEmpty() ? name : path + "." + name;
            if (primitiveExtension) {
                // the extensions and id of a primitive: their datatype is Element
                walkValue(field.getValue(), childPath, childDefinitionByName("Element"), childModifier, out);
            } else {
                walkValue(field.getValue(), childPath, childDef, childModifier, out);
            }
        }
    }

    private void walkValue(JsonNode value, String path, BaseRuntimeElementDefinition<?> def, boolean modifier, List<Element> out) {
        if (value.isArray()) {
            for (int i = 0; i < value.size(); i++) {
                JsonNode item = value.get(i);
                String itemPath = path + "[" + i + "]";
                walkValue(item, itemPath, def, modifier, out);
            }
            return;
        }
        if (value.isObject()) {
            if ("contained".equals(lastName(path)) || value.has("resourceType") && !path.isEmpty()) {
                RuntimeResourceDefinition rd = safeResourceDefinition(value.path("resourceType").asString(""));
                walkObject(value, path, rd, modifier, out);
                return;
            }
            String datatype = def == null ? null : def.getName();
            if (datatype != null && GROUPED.contains(datatype) && isFlat(value)) {
                out.add(grouped(value, path, datatype, modifier));
                return;
            }
            walkObject(value, path, def, modifier, out);
            return;
        }
        if (value.isNull()) {
            return;
        }
        String raw = FhirJson.text(value);
        String datatype = def == null ? (value.isNumber() ? "decimal" : value.isBoolean() ? "boolean" : "string") : def.getName();
        out.add(new Element(path, label(path), datatype, Formats.primitive(datatype, raw), modifier, Map.of("", raw)));
    }

    /** A Coding, Quantity or Reference without nested extensions: one element. */
    private static boolean isFlat(JsonNode value) {
        for (Map.Entry<String, JsonNode> f : value.properties()) {
            if (f.getValue().isContainer()) {
                return false;
            }
        }
        return true;
    }

    private Element grouped(JsonNode value, String path, String datatype, boolean modifier) {
        Map<String, String> values = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> f : value.properties()) {
            JsonNode v = f.getValue();
            values.put(f.getKey(), FhirJson.text(v));
        }
        String formatted = switch (datatype) {
            case "Coding" -> Formats.coding(values.get("display"), values.get("code"), values.get("system"));
            case "Reference" -> Formats.reference(values.get("display"), values.get("reference"),
                    values.get("reference") == null ? null : referenceDisplay.apply(values.get("reference")));
            case "Money" -> Formats.quantity(null, values.get("value"), values.get("currency"), null);
            default -> Formats.quantity(values.get("comparator"), values.get("value"), values.get("unit"), values.get("code"));
        };
        return new Element(path, label(path), datatype, formatted, modifier, values);
    }

    private BaseRuntimeElementDefinition<?> childDefinition(BaseRuntimeElementDefinition<?> parent, String name) {
        if (name.equals("extension") || name.equals("modifierExtension")) {
            return childDefinitionByName("Extension");
        }
        if (!(parent instanceof BaseRuntimeElementCompositeDefinition<?> composite)) {
            return null;
        }
        BaseRuntimeChildDefinition child = composite.getChildByName(name);
        if (child == null) {
            return null;
        }
        try {
            return child.getChildByName(name);
        } catch (RuntimeException | AssertionError e) {
            return null; // HAPI asserts on names it does not model
        }
    }

    private BaseRuntimeElementDefinition<?> childDefinitionByName(String datatype) {
        try {
            return ctx.getElementDefinition(datatype);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String lastName(String path) {
        String last = path.substring(path.lastIndexOf('.') + 1);
        int bracket = last.indexOf('[');
        return bracket < 0 ? last : last.substring(0, bracket);
    }

    /** "code.coding[0].display" → "Code › Coding 1 › Display". */
    static String label(String path) {
        List<String> parts = new ArrayList<>();
        for (String segment : path.split("\\.")) {
            String name = segment;
            String index = "";
            int bracket = segment.indexOf('[');
            if (bracket >= 0) {
                name = segment.substring(0, bracket);
                index = " " + (Integer.parseInt(segment.substring(bracket + 1, segment.length() - 1)) + 1);
            }
            if (name.startsWith("_")) {
                name = name.substring(1);
            }
            parts.add(words(name) + index);
        }
        return String.join(" › ", parts);
    }

    private static String words(String camel) {
        if (camel.isEmpty()) {
            return camel;
        }
        String spaced = camel.replaceAll("([a-z0-9])([A-Z])", "$1 $2").toLowerCase();
        return Character.toUpperCase(spaced.charAt(0)) + spaced.substring(1);
    }
}
