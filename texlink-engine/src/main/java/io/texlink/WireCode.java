package io.texlink;

/** An enum whose constants travel as 4-byte codes of the v3 protocol. */
interface WireCode {
    int code();

    /**
     * The constant of {@code type} with wire value {@code code}.
     *
     * @throws TexlinkProtocolException naming {@code what} for a value the protocol does not define
     */
    static <E extends Enum<E> & WireCode> E fromCode(Class<E> type, int code, String what) {
        for (E e : type.getEnumConstants()) {
            if (e.code() == code) {
                return e;
            }
        }
        E[] all = type.getEnumConstants();
        throw new TexlinkProtocolException("unknown " + what + " code " + Integer.toUnsignedString(code)
                + " (v3 defines " + all[0].code() + ".." + all[all.length - 1].code() + ")");
    }
}
