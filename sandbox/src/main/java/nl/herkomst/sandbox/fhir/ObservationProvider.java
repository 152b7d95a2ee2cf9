package nl.herkomst.sandbox.fhir;

import ca.uhn.fhir.model.api.Include;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import nl.herkomst.sandbox.SandboxControl;
import org.hl7.fhir.instance.model.api.IBaseResource;

/** Observation, with the {@code $lastn} operation the BgZ queries use. */
public class ObservationProvider extends FixtureResourceProvider {

    public ObservationProvider(Class<? extends IBaseResource> type, FixtureSearch search, FixtureStore store, SandboxControl control) {
        super(type, "Observation", search, store, control);
    }

    @Operation(name = "$lastn", idempotent = true, bundleType = ca.uhn.fhir.model.valueset.BundleTypeEnum.SEARCHSET)
    public IBundleProvider lastn(RequestDetails request) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        Set<Include> includes = new LinkedHashSet<>();
        request.getParameters().forEach((name, values) -> {
            if (name.equals("_include") || name.equals("_include:iterate")) {
                for (String v : values) {
                    includes.add(new Include(v, name.endsWith(":iterate")));
                }
            } else {
                params.put(name, Arrays.asList(values));
            }
        });
        return bundle(search.lastn(params, includes, BearerTokenFilter.patientOf(request)));
    }
}
