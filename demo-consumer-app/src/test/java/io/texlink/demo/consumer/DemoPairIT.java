package io.texlink.demo.consumer;

import java.util.List;

/** The demo pair on the CPU backend, as the README's quick start runs it: the apps' defaults. */
class DemoPairIT extends DemoPairContract {

    @Override
    String backend() {
        return "cpu";
    }

    @Override
    List<String> appArguments() {
        return List.of();
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
