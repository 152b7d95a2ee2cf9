package nl.herkomst.sandbox.fhir;

import ca.uhn.fhir.model.api.Include;
import ca.uhn.fhir.model.api.ResourceMetadataKeyEnum;
import ca.uhn.fhir.model.valueset.BundleEntrySearchModeEnum;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.IncludeParam;
import ca.uhn.fhir.rest.annotation.RawParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.SimpleBundleProvider;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IAnyResource;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import nl.herkomst.sandbox.SandboxControl;
import ca.uhn.fhir.util.OperationOutcomeUtil;
import org.hl7.fhir.instance.model.api.IBaseOperationOutcome;

/** Read and search of one resource type over the fixtures, restricted to the token's patient. */
public class FixtureResourceProvider implements IResourceProvider {

    private final Class<? extends IBaseResource> type;
    private final String typeName;
    protected final FixtureSearch search;
    private final FixtureStore store;
    private final SandboxControl control;

    public FixtureResourceProvider(Class<? extends IBaseResource> type, String typeName, FixtureSearch search, FixtureStore store,
                                   SandboxControl control) {
        this.type = type;
        this.typeName = typeName;
        this.search = search;
        this.store = store;
        this.control = control;
    }

    @Override
    public Class<? extends IBaseResource> getResourceType() {
        return type;
    }

    @Read
    public IBaseResource read(@IdParam IIdType id, RequestDetails request) {
        IBaseResource r = store.get(typeName, id.getIdPart());
        String patient = BearerTokenFilter.patientOf(request);
        if (r == null || !search.readable(r, patient)) {
            throw new ResourceNotFoundException(id);
        }
        return Copies.copy(r);
    }

    @Search(allowUnknownParams = true)
    public IBundleProvider search(@RawParam Map<String, List<String>> params, @IncludeParam(allow = "*") Set<Include> includes,
                                  RequestDetails request) {
        return bundle(search.search(typeName, params, includes, BearerTokenFilter.patientOf(request)));
    }

    protected IBundleProvider bundle(List<FixtureSearch.Hit> hits) {
        SandboxControl.Mode mode = control.modeFor(typeName);
        if (mode == SandboxControl.Mode.SLOW) {
            try {
                Thread.sleep(SandboxControl.SLOW.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (mode == SandboxControl.Mode.EMPTY) {
            return new SimpleBundleProvider(List.of());
        }
        List<IBaseResource> resources = new ArrayList<>();
        for (FixtureSearch.Hit hit : hits) {
            IBaseResource copy = Copies.copy(hit.resource());
            ResourceMetadataKeyEnum.ENTRY_SEARCH_MODE.put((IAnyResource) copy,
                    hit.included() ? BundleEntrySearchModeEnum.INCLUDE : BundleEntrySearchModeEnum.MATCH);
            resources.add(copy);
        }
        if (mode == SandboxControl.Mode.WARNING) {
            IBaseOperationOutcome warning = OperationOutcomeUtil.newInstance(store.context());
            OperationOutcomeUtil.addIssue(store.context(), warning, "warning", "Sandbox: not every " + typeName + " could be included",
                    null, "incomplete");
            ResourceMetadataKeyEnum.ENTRY_SEARCH_MODE.put((IAnyResource) warning, BundleEntrySearchModeEnum.OUTCOME);
            resources.add(warning);
        }
        SimpleBundleProvider provider = new SimpleBundleProvider(resources);
        if (mode == SandboxControl.Mode.FAIL_SECOND_PAGE) {
            provider.setPreferredPageSize(1);
        }
        return provider;
    }
}
