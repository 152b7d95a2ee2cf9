package nl.herkomst.app.qualification;

import ca.uhn.fhir.context.FhirContext;
import java.util.List;
import nl.herkomst.api.share.ShareKind;
import nl.herkomst.command.share.MeasurementType;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The scenario input of a Nictiz send script, read from the Bundle the script says should be sent: what a
 * person would enter in the PGO (the patient's name and birth date, the measured values and moments, the
 * PDF and its title, the correction text). The product then builds its own Bundle from it; the script's
 * asserts are evaluated on what the sandbox received, not on the script's Bundle.
 */
final class ShareScenarios {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The share request as the front end would send it: JSON, or (a document) the PDF plus its fields. */
    record Request(String json, byte[] pdf, String title, ObjectNode patient, String typeSystem, String typeCode, String typeDisplay) {
    }

    private ShareScenarios() {
    }

    static Request of(ShareKind kind, FhirContext ctx, IBaseResource bundle, String provider) {
        ObjectNode patient = patient(ctx, first(ctx, bundle, "Bundle.entry.resource.where($this is Patient)"));
        ObjectNode body = JSON.createObjectNode();
        body.put("kind", kind.key());
        body.put("provider", provider);
        body.set("patient", patient);
        switch (kind) {
            case MEASUREMENTS -> {
                ArrayNode list = body.putArray("measurements");
                for (IBase o : all(ctx, bundle, "Bundle.entry.resource.where($this is Observation)")) {
                    ObjectNode m = list.addObject();
                    String code = string(ctx, o, "code.coding.code");
                    MeasurementType type = MeasurementType.ofCode(code).orElseThrow(() -> new IllegalArgumentException(
                            "the scenario holds a measurement this PGO does not share: " + code));
                    m.put("type", type.key());
                    m.put("at", string(ctx, o, "effective"));
                    if (type == MeasurementType.BLOOD_PRESSURE) {
                        m.put("systolic", new java.math.BigDecimal(string(ctx, o, "component.where(code.coding.code = '8480-6').value.value")));
                        m.put("diastolic", new java.math.BigDecimal(string(ctx, o, "component.where(code.coding.code = '8462-4').value.value")));
                    } else if (type == MeasurementType.RESPIRATION) {
                        m.put("value", new java.math.BigDecimal(string(ctx, o, "component.where(code.coding.code = '9279-1').value.value")));
                    } else {
                        m.put("value", new java.math.BigDecimal(string(ctx, o, "value.value")));
                    }
                }
                return new Request(JSON.writeValueAsString(body), null, null, patient, null, null, null);
            }
            case PATIENT_CORRECTION -> {
                IBase c = first(ctx, bundle, "Bundle.entry.resource.where($this is Communication)");
                ObjectNode correction = body.putObject("correction");
                correction.put("text", string(ctx, c, "payload.content"));
                String topic = string(ctx, c, "topic.text");
                if (topic != null) {
                    correction.put("topic", topic);
                }
                return new Request(JSON.writeValueAsString(body), null, null, patient, null, null, null);
            }
            case DOCUMENT -> {
                IBase binary = first(ctx, bundle, "Bundle.entry.resource.where($this is Binary)");
                IBase document = first(ctx, bundle, "Bundle.entry.resource.where($this is DocumentReference)");
                byte[] pdf = ((org.hl7.fhir.dstu3.model.Binary) binary).getContent();
                String title = string(ctx, document, "content.attachment.title");
                return new Request(null, pdf, title == null ? string(ctx, document, "description") : title, patient,
                        string(ctx, document, "type.coding.system"), string(ctx, document, "type.coding.code"),
                        string(ctx, document, "type.coding.display"));
            }
            default -> throw new IllegalArgumentException(kind.key());
        }
    }

    private static ObjectNode patient(FhirContext ctx, IBase p) {
        ObjectNode n = JSON.createObjectNode();
        ArrayNode given = n.putArray("given");
        for (IBase g : ctx.newFhirPath().evaluate(p, "name.given", IBase.class)) {
            given.add(((IPrimitiveType<?>) g).getValueAsString());
        }
        n.put("family", string(ctx, p, "name.family"));
        n.put("birthDate", string(ctx, p, "birthDate"));
        n.put("gender", string(ctx, p, "gender"));
        n.put("street", string(ctx, p, "address.line"));
        n.put("postalCode", string(ctx, p, "address.postalCode"));
        n.put("city", string(ctx, p, "address.city"));
        return n;
    }

    private static List<IBase> all(FhirContext ctx, IBase base, String path) {
        return ctx.newFhirPath().evaluate(base, path, IBase.class);
    }

    private static IBase first(FhirContext ctx, IBase base, String path) {
        List<IBase> r = all(ctx, base, path);
        if (r.isEmpty()) {
            throw new IllegalArgumentException("the scenario Bundle has no " + path);
        }
        return r.get(0);
    }

    private static String string(FhirContext ctx, IBase base, String path) {
        List<IBase> r = all(ctx, base, path);
        return r.isEmpty() || !(r.get(0) instanceof IPrimitiveType<?> p) ? null : p.getValueAsString();
    }
}
