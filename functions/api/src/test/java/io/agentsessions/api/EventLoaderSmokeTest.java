package io.agentsessions.api;

import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import org.junit.jupiter.api.Test;

class EventLoaderSmokeTest {
    @Test
    void loads() {
        for (String n : new String[]{"run", "run-jwt", "get", "update", "clear", "delete", "fallback"}) {
            var e = EventLoader.loadApiGatewayHttpEvent("../../events/" + n + ".json");
            System.out.println(n + " -> " + e);
        }
    }
}
