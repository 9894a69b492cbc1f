package dev.bedrockauditor.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LocalS3ControlEndpointsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "http://123456789012.127.0.0.1:5000, http://127.0.0.1:5000",
        "http://123456789012.127.0.0.1:5000/v20180820/configuration, http://127.0.0.1:5000/v20180820/configuration",
        "http://123456789012.localhost:4566, http://localhost:4566",
        "https://123456789012.LOCALHOST, https://LOCALHOST",
        // AWS's own and a named emulator host keep the account: their names resolve with it.
        "https://123456789012.s3-control.us-east-1.amazonaws.com, https://123456789012.s3-control.us-east-1.amazonaws.com",
        "http://123456789012.localhost.localstack.cloud:4566, http://123456789012.localhost.localstack.cloud:4566",
        "http://123456789012.s3-control.moto.test:5000, http://123456789012.s3-control.moto.test:5000",
        // Another account's prefix, or none, is not this call's to drop.
        "http://111122223333.127.0.0.1:5000, http://111122223333.127.0.0.1:5000",
        "http://127.0.0.1:5000, http://127.0.0.1:5000",
    })
    void theAccountPrefixIsDroppedOnlyBeforeALocalAddress(String resolved, String sent) {
        assertEquals(URI.create(sent), LocalS3ControlEndpoints.withoutAccountPrefix(URI.create(resolved),
                "123456789012"));
    }
}
