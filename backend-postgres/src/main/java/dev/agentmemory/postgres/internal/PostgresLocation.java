package dev.agentmemory.postgres.internal;

import dev.agentmemory.ErrorCode;
import dev.agentmemory.MemoryStoreException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.postgresql.Driver;
import org.postgresql.PGProperty;

/**
 * Immutable and thread-safe: where a PostgreSQL store lives, parsed from its URI.
 *
 * <p>{@code postgresql://[user[:password]@]host[:port][,host2[:port2]]/database[?driver-params]},
 * {@code postgres://...} (the libpq forms) and {@code jdbc:postgresql:...} (pgjdbc's forms) all
 * become one pgjdbc URL. User and password found in the URI are taken out of it, so they never
 * reach {@link #describe()} or a message; query parameters go to the driver unchanged (for
 * example {@code sslmode=require}) and are left out of {@link #describe()} too.
 *
 * @param describe {@code postgresql://host:port/database}, with no credentials or parameters
 * @param jdbcUrl the pgjdbc URL, without user info
 * @param user the user named in the URI, or null
 * @param password the password named in the URI, or null
 */
public record PostgresLocation(String describe, String jdbcUrl, String user, String password) {
    private static final String JDBC = "jdbc:postgresql:";
    private static final String[] LIBPQ = {"postgresql://", "postgres://"};
    private static final Pattern USER_INFO = Pattern.compile("^([^@/?]*)@");
    private static final Pattern SECRET = Pattern.compile("(?i)(://[^:@/?]*:)[^@/?]*@|(password=)[^&]*");

    /**
     * Parses a URI.
     *
     * @return empty if the URI is not a PostgreSQL URI at all
     * @throws MemoryStoreException with {@link ErrorCode#INVALID_CONFIG} if it is one but
     *     pgjdbc cannot use it
     */
    public static Optional<PostgresLocation> parse(String uri) {
        if (uri == null) {
            return Optional.empty();
        }
        if (uri.regionMatches(true, 0, JDBC, 0, JDBC.length())) {
            return Optional.of(of(uri, JDBC + uri.substring(JDBC.length()), null, null));
        }
        for (String prefix : LIBPQ) {
            if (uri.regionMatches(true, 0, prefix, 0, prefix.length())) {
                String rest = uri.substring(prefix.length());
                String user = null;
                String password = null;
                Matcher m = USER_INFO.matcher(rest);
                if (m.find()) {
                    String info = m.group(1);
                    int colon = info.indexOf(':');
                    user = decode(colon < 0 ? info : info.substring(0, colon));
                    password = colon < 0 ? null : decode(info.substring(colon + 1));
                    rest = rest.substring(m.end());
                }
                return Optional.of(of(uri, JDBC + "//" + rest, user == null || user.isEmpty() ? null : user,
                        password));
            }
        }
        return Optional.empty();
    }

    /** {@code uri} with any password replaced by {@code ***}, for messages. */
    public static String redact(String uri) {
        return uri == null ? null : SECRET.matcher(uri).replaceAll(r -> r.group(1) != null
                ? Matcher.quoteReplacement(r.group(1) + "***@") : Matcher.quoteReplacement(r.group(2) + "***"));
    }

    private static PostgresLocation of(String uri, String jdbcUrl, String user, String password) {
        Properties parsed = Driver.parseURL(jdbcUrl, null);
        if (parsed == null) {
            throw invalid(uri, "pgjdbc cannot parse it; use postgresql://host:5432/database or"
                    + " jdbc:postgresql://host:5432/database (user and password as properties)");
        }
        String database = PGProperty.PG_DBNAME.getOrDefault(parsed);
        if (database == null || database.isBlank()) {
            throw invalid(uri, "it names no database; use postgresql://host:5432/database");
        }
        String[] hosts = PGProperty.PG_HOST.getOrDefault(parsed).split(",");
        String[] ports = PGProperty.PG_PORT.getOrDefault(parsed).split(",");
        StringBuilder describe = new StringBuilder("postgresql://");
        for (int i = 0; i < hosts.length; i++) {
            describe.append(i == 0 ? "" : ",").append(hosts[i]).append(':').append(i < ports.length ? ports[i] : "5432");
        }
        describe.append('/').append(database);
        return new PostgresLocation(describe.toString(), jdbcUrl, user, password);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static MemoryStoreException invalid(String uri, String why) {
        return new MemoryStoreException(ErrorCode.INVALID_CONFIG, "cannot open '" + redact(uri) + "': " + why);
    }

    /** Never shows the password. */
    @Override
    public String toString() {
        return "PostgresLocation[" + describe + ", user=" + user + (password == null ? "" : ", password=***") + "]";
    }
}
