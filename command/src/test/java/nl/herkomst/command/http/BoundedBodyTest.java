package nl.herkomst.command.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/** A token endpoint's answer is read up to its limit and no further. */
class BoundedBodyTest {

    @Test
    void anAnswerWithinTheLimitIsReadWholeAndALargerOneStopsWithItsOwnException() throws Exception {
        try (InputStream small = ProviderHttp.bounded(new ByteArrayInputStream(new byte[1000]), 1000)) {
            assertThat(small.readAllBytes()).hasSize(1000);
        }
        InputStream large = ProviderHttp.bounded(new ByteArrayInputStream(new byte[ProviderHttp.MAX_TOKEN_RESPONSE_BYTES + 1]),
                ProviderHttp.MAX_TOKEN_RESPONSE_BYTES);
        assertThatThrownBy(large::readAllBytes).isInstanceOf(ProviderHttp.ResponseTooLargeException.class)
                .hasMessageContaining(String.valueOf(ProviderHttp.MAX_TOKEN_RESPONSE_BYTES));
        InputStream byByte = ProviderHttp.bounded(new ByteArrayInputStream(new byte[3]), 2);
        byByte.read();
        byByte.read();
        assertThatThrownBy(byByte::read).isInstanceOf(ProviderHttp.ResponseTooLargeException.class);
    }
}
