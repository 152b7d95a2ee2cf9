package nl.herkomst.query.projection;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.LenientErrorHandler;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.instance.model.api.IBaseBundle;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * The resources of a FHIR XML response, written as FHIR JSON for the dossier (the API speaks JSON). The
 * bytes as received stay in the response store; HAPI's conversion keeps every element it knows.
 */
final class XmlEntries {

    private XmlEntries() {
    }

    static List<String> resources(byte[] xml, String fhirVersion) {
        FhirContext ctx = "R4".equals(fhirVersion) ? FhirContext.forR4Cached() : FhirContext.forDstu3Cached();
        IParser xmlParser = ctx.newXmlParser().setParserErrorHandler(new LenientErrorHandler(false).setErrorOnInvalidValue(false));
        IParser json = ctx.newJsonParser();
        IBaseResource parsed = xmlParser.parseResource(new String(xml, StandardCharsets.UTF_8));
        List<String> result = new ArrayList<>();
        if (parsed instanceof IBaseBundle bundle) {
            for (IBase entry : ctx.newTerser().getValues(bundle, "entry")) {
                List<IBaseResource> resource = ctx.newTerser().getValues(entry, "resource", IBaseResource.class);
                result.add(resource.isEmpty() ? null : json.encodeResourceToString(resource.get(0)));
            }
        } else {
            result.add(json.encodeResourceToString(parsed));
        }
        return result;
    }
}
