package nl.herkomst.sandbox.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.FifoMemoryPagingProvider;
import ca.uhn.fhir.rest.server.RestfulServer;
import nl.herkomst.sandbox.SandboxControl;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;

/** A plain HAPI RestfulServer over the fixtures, one provider per resource type of its FHIR version. */
public class SandboxFhirServer extends RestfulServer {

    public SandboxFhirServer(FhirContext ctx, FixtureStore store, SandboxControl control, ReceivedShares received) {
        super(ctx);
        FixtureSearch search = new FixtureSearch(ctx, store);
        List<IResourceProvider> providers = new ArrayList<>();
        for (String type : ctx.getResourceTypes()) {
            Class<? extends IBaseResource> cls = ctx.getResourceDefinition(type).getImplementingClass();
            providers.add("Observation".equals(type) ? new ObservationProvider(cls, search, store, control)
                    : new FixtureResourceProvider(cls, type, search, store, control));
        }
        setResourceProviders(providers);
        // Delen: a POSTed batch or transaction Bundle
        registerProvider(ctx.getVersion().getVersion() == ca.uhn.fhir.context.FhirVersionEnum.R4 ? new R4Receiving(received, control) : new Stu3Receiving(received, control));
        setDefaultResponseEncoding(EncodingEnum.JSON);
        // results are unpaged unless a behaviour asks for pages (fail-second-page)
        FifoMemoryPagingProvider paging = new FifoMemoryPagingProvider(100);
        paging.setDefaultPageSize(1000);
        paging.setMaximumPageSize(1000);
        setPagingProvider(paging);
    }
}
