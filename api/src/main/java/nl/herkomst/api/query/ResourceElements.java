package nl.herkomst.api.query;

import java.util.List;
import java.util.Map;

/**
 * Every data element of a resource as a flat list, so a front end can show all of it without knowing
 * each zib.
 *
 * @param hasModifierExtension true when the resource carries a modifierExtension: its meaning is changed
 *                             by an element a front end must show (never drop)
 */
public record ResourceElements(String resourceType, String id, DossierResource.Provenance provenance, boolean hasModifierExtension,
                               List<Element> elements) {

    /**
     * @param path     the element's path in the JSON, e.g. {@code code.coding[0]}
     * @param label    a readable label from the path
     * @param datatype the FHIR datatype, where the resource's FHIR version defines the element
     * @param value    the value written for people (codings with code and system, quantities with unit,
     *                 dates at their own precision, references with the display of their target)
     * @param modifier true under a modifierExtension
     * @param values   every primitive held, by sub-path ("" for the element itself)
     */
    public record Element(String path, String label, String datatype, String value, boolean modifier, Map<String, String> values) {
    }
}
