package nl.herkomst.api.query;

import java.util.List;

public record CollectionViews(List<CollectionView> collections) {
}
