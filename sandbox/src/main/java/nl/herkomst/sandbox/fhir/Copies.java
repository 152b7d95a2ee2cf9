package nl.herkomst.sandbox.fhir;

import org.hl7.fhir.instance.model.api.IBaseResource;

/** Deep copies, so that per-response metadata never touches the shared fixtures. */
final class Copies {
    private Copies() {
    }

    static IBaseResource copy(IBaseResource r) {
        if (r instanceof org.hl7.fhir.dstu3.model.Resource stu3) {
            return stu3.copy();
        }
        if (r instanceof org.hl7.fhir.r4.model.Resource r4) {
            return r4.copy();
        }
        throw new IllegalArgumentException("unsupported resource class " + r.getClass().getName());
    }
}
