package io.texlink.demo.consumer;

import java.util.List;

/** The demo pair on the CPU backend, as the README's quick start runs it: the apps' defaults. */
class DemoPairIT extends DemoPairContract {
    private static final App CPU = new App("cpu", List.of());

    @Override
    App producerApp() {
        return CPU;
    }

    @Override
    App consumerApp() {
        return CPU;
    }

    @Override
    String logSuffix() {
        return "";
    }

    @Override
    void assumeBackendAvailable() {
        // the CPU backend runs on every Linux machine
    }
}
