package io.agentsessions.local.bench;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import io.agentsessions.api.App;
import io.agentsessions.api.GetSessionHandler;
import java.lang.management.ManagementFactory;
import java.util.Map;

/**
 * Runs in a fresh JVM with only the deployment jar on the class path (plus this class) and
 * prints how long a cold container takes: JVM start to main, handler wiring, first and second
 * request. Started by {@link SessionBenchmark}.
 */
public final class InitProbe {
    private InitProbe() {
    }

    public static void main(String[] args) {
        long mainAt = System.currentTimeMillis();
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        long t0 = System.nanoTime();
        App app = App.fromEnvironment(System.getenv());
        GetSessionHandler handler = new GetSessionHandler(app);
        long wired = System.nanoTime();
        handler.handleRequest(event(), null);
        long first = System.nanoTime();
        handler.handleRequest(event(), null);
        long second = System.nanoTime();
        System.out.printf("INIT jvmToMainMs=%d wiringMs=%.1f firstRequestMs=%.1f secondRequestMs=%.1f%n",
                mainAt - jvmStart, (wired - t0) / 1e6, (first - wired) / 1e6, (second - first) / 1e6);
    }

    private static APIGatewayV2HTTPEvent event() {
        APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
        event.setRawPath("/sessions/probe");
        event.setPathParameters(Map.of("sessionId", "probe"));
        APIGatewayV2HTTPEvent.RequestContext context = new APIGatewayV2HTTPEvent.RequestContext();
        APIGatewayV2HTTPEvent.RequestContext.Http http = new APIGatewayV2HTTPEvent.RequestContext.Http();
        http.setMethod("GET");
        context.setHttp(http);
        event.setRequestContext(context);
        return event;
    }
}
