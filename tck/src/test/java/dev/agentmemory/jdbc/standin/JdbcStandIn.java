package dev.agentmemory.jdbc.standin;

/** Stands in for a class of the jdbc-support module, which the kit's tests do not have on their classpath. */
public final class JdbcStandIn {
    private JdbcStandIn() {}

    /** A setting's name, as {@code JdbcSettings} holds them. */
    public static String decorator() {
        return "jdbc.dataSourceDecorator";
    }
}
