package nl.herkomst.sandbox.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.RestfulServer;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;

/** A plain HAPI RestfulServer over the fixtures, one provider per resource type of its FHIR version. */
public class SandboxFhirServer extends RestfulServer {

    public SandboxFhirServer(FhirContext ctx, FixtureStore store, BearerTokenInterceptor auth) {
        super(ctx);
        FixtureSearch search = new FixtureSearch(ctx, store);
        List<IResourceProvider> providers = new ArrayList<>();
        for (String type : ctx.getResourceTypes()) {
            Class<? extends IBaseResource> cls = ctx.getResourceDefinition(type).getImplementingClass();
            providers.add("Observation".equals(type) ? new ObservationProvider(cls, search, store)
                    : new FixtureResourceProvider(cls, type, search, store));
        }
        setResourceProviders(providers);
        setDefaultResponseEncoding(EncodingEnum.JSON);
        registerInterceptor(auth);
    }
}
