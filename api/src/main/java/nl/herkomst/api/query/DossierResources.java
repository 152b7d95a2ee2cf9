package nl.herkomst.api.query;

import java.util.List;

public record DossierResources(List<DossierResource> resources) {
}
