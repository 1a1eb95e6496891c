package io.texlink.spring.autoconfigure;

/** The two kinds of sessions under {@code texlink.*}: the map each is configured in. */
public enum SessionKind {
    /** {@code texlink.servers.<name>}: sessions the application produces. */
    SERVERS("texlink.servers", TexlinkProperties.Server.class),
    /** {@code texlink.clients.<name>}: sessions the application consumes. */
    CLIENTS("texlink.clients", TexlinkProperties.Client.class);

    private final String prefix;
    private final Class<?> propertiesType;

    SessionKind(String prefix, Class<?> propertiesType) {
        this.prefix = prefix;
        this.propertiesType = propertiesType;
    }

    /** The property prefix of the map, e.g. {@code texlink.servers}. */
    public String prefix() {
        return prefix;
    }

    Class<?> propertiesType() {
        return propertiesType;
    }
}
