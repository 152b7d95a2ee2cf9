package nl.herkomst.command.collection;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CollectionCommandHandlerTest {

    @Test
    void scopeIsTheProviderNameWithoutMedmijAndTheGegevensdienst() {
        assertThat(CollectionCommandHandler.scopeOf("umcharderwijk@medmij", "48")).isEqualTo("umcharderwijk~48");
        assertThat(CollectionCommandHandler.scopeOf("sandbox@medmij", "51")).isEqualTo("sandbox~51");
    }
}
