package io.texlink.spring.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Pairs {@code FrameProducer} / {@code FrameConsumer} beans with the sessions they serve, by bean name. */
final class SessionCallbacks {
    private SessionCallbacks() {
    }

    /**
     * Each session gets the bean named like it; when there is one session and one bean, it gets
     * that bean whatever its name.
     *
     * @throws IllegalStateException for a bean that fits no session
     */
    static <T> Map<String, T> assign(Class<T> type, SessionKind kind, Set<String> sessions, Map<String, T> beans) {
        Map<String, T> assigned = new LinkedHashMap<>();
        Map<String, T> left = new LinkedHashMap<>(beans);
        for (String session : sessions) {
            T bean = left.remove(session);
            if (bean != null) {
                assigned.put(session, bean);
            }
        }
        if (left.size() == 1 && sessions.size() == 1 && assigned.isEmpty()) {
            assigned.put(sessions.iterator().next(), left.values().iterator().next());
        } else if (!left.isEmpty()) {
            throw new IllegalStateException(type.getSimpleName() + " bean(s) " + left.keySet() + " fit no session under "
                    + kind.prefix() + " " + sessions + ": name each " + type.getSimpleName()
                    + " bean after the session it serves, e.g. @Bean " + type.getSimpleName() + " "
                    + sessions.stream().findFirst().orElse("cam") + "()");
        }
        return assigned;
    }
}
