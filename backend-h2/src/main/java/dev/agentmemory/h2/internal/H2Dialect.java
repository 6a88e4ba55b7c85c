package dev.agentmemory.h2.internal;

import dev.agentmemory.StorageException.FailureKind;
import dev.agentmemory.jdbc.SqlDialect;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Immutable and thread-safe: the dialect of H2 2.x (MVStore), in its regular mode.
 *
 * <p>Column types keep every value in the row itself: {@code CHARACTER VARYING} and
 * {@code BINARY VARYING} hold up to 10^9 characters or bytes inline, whereas H2's
 * {@code TEXT}/{@code BLOB} are LOBs stored apart from the row (slower, and a LOB column cannot
 * be indexed, which {@code memory_metadata.str_value} is).
 *
 * <p>Keyword search uses the portable term index of jdbc-support
 * ({@link dev.agentmemory.jdbc.internal.TermIndex}), not H2's built-in {@code FT_SEARCH}: that
 * scores every hit 1.0 (no ranking to fuse), applies its limit before any tenant, namespace or
 * filter condition (so a filtered search could come back short), and keeps word caches in
 * static memory outside the transaction. The cost of the term table: a row per distinct word
 * of every memory, written with it.
 */
public final class H2Dialect implements SqlDialect {
    /** The one instance. */
    public static final H2Dialect INSTANCE = new H2Dialect();

    /** The name H2 gives the copy of a table it is altering. */
    private static final Pattern COPY = Pattern.compile("(.+)_COPY_\\d+_\\d+");

    /** {@code LOCK_TIMEOUT_1}: a row lock was not granted within {@code LOCK_TIMEOUT}. */
    static final int LOCK_TIMEOUT = 50200;
    /** {@code DEADLOCK_1}: H2 rolled the transaction back to break a deadlock. */
    static final int DEADLOCK = 40001;
    /** {@code CONCURRENT_UPDATE_1}: another open transaction changed (or inserted) the same key. */
    static final int CONCURRENT_UPDATE = 90131;
    /** {@code DUPLICATE_KEY_1}: a unique index or primary key violation. */
    static final int DUPLICATE_KEY = 23505;
    /** {@code DATABASE_ALREADY_OPEN_1}: another process holds the database file's lock. */
    static final int DATABASE_ALREADY_OPEN = 90020;

    private H2Dialect() {}

    @Override
    public String name() {
        return "H2";
    }

    @Override
    public String textType() {
        return "CHARACTER VARYING";
    }

    @Override
    public String blobType() {
        return "BINARY VARYING";
    }

    /**
     * H2 compares strings with {@link String#compareTo} (UTF-16 code units), which orders
     * characters outside the BMP below {@code U+E000..U+FFFF}; its {@code CHARSET_UTF-8}
     * collation compares signed bytes, which puts every non-ASCII character below ASCII. Binary
     * values compare as unsigned bytes, so comparing the UTF-8 encodings gives code point order.
     * Equality needs no conversion, and keeps the plain column comparison.
     */
    @Override
    public String compareStrings(String column, String operator) {
        if (operator.equals("=") || operator.equals("<>")) {
            return column + " " + operator + " ?";
        }
        return "STRINGTOUTF8(" + column + ") " + operator + " STRINGTOUTF8(CAST(? AS CHARACTER VARYING))";
    }

    /**
     * A {@code MERGE ... WHEN NOT MATCHED THEN INSERT}: H2 has {@code INSERT ... ON CONFLICT DO
     * NOTHING} only in PostgreSQL mode, and {@code MERGE INTO ... KEY} would overwrite the
     * existing row (resetting the namespace's counter). Two transactions that create the same
     * row at once cannot both insert it: the second fails with {@code CONCURRENT_UPDATE} (the
     * first has not committed) or {@code DUPLICATE_KEY} (it committed between the second's check
     * and insert); {@link #classify} makes both retryable for the key this insert names.
     */
    @Override
    public String insertIgnoringDuplicates(String table, List<String> columns, List<String> keyColumns) {
        // VALUES with a derived column list: H2 cannot type "SELECT ? AS name" parameters.
        String params = String.join(", ", Collections.nCopies(columns.size(), "?"));
        String on = keyColumns.stream().map(c -> "t." + c + " = s." + c).collect(Collectors.joining(" AND "));
        String values = columns.stream().map(c -> "s." + c).collect(Collectors.joining(", "));
        return "MERGE INTO " + table + " t USING (VALUES (" + params + ")) s(" + String.join(", ", columns) + ") ON "
                + on + " WHEN NOT MATCHED THEN INSERT (" + String.join(", ", columns) + ") VALUES (" + values + ")";
    }

    /**
     * H2 alters a table by copying it: it creates {@code <TABLE>_COPY_<n>_<m>}, copies the rows,
     * drops the original and renames the copy, each step committed on its own. A process
     * killed between the drop and the rename leaves the data only under the copy's name
     * (seen in the crash tests on a first open, whose {@code ADD COLUMN} runs this way). The
     * copy is complete once the original is gone, so it gets the original's name back; a copy
     * beside its intact original was cut short and is dropped, with {@code CASCADE}: H2 gives
     * the copy the foreign keys that reference the original (named {@code <COPY>_<constraint>},
     * beside the original's own), and a plain drop refuses while they exist. Only copies of
     * this store's own tables are touched.
     */
    @Override
    public List<String> schemaRepairs(Set<String> names, Set<String> tables) {
        Set<String> present = new HashSet<>();
        List<String> copies = new ArrayList<>();
        for (String name : names) {
            present.add(name.toLowerCase(Locale.ROOT));
            if (COPY.matcher(name).matches()) {
                copies.add(name);
            }
        }
        List<String> repairs = new ArrayList<>();
        for (String copy : copies) {
            Matcher m = COPY.matcher(copy);
            m.matches();
            String original = m.group(1).toLowerCase(Locale.ROOT);
            if (!tables.contains(original)) {
                continue;
            }
            repairs.add(present.contains(original)
                    ? "DROP TABLE \"" + copy + "\" CASCADE"
                    : "ALTER TABLE \"" + copy + "\" RENAME TO " + original);
            present.add(original);
        }
        return repairs;
    }

    /** H2 has no {@code UPDATE ... RETURNING} (its {@code FINAL TABLE} form is not standard). */
    @Override
    public boolean supportsUpdateReturning() {
        return false;
    }

    /**
     * H2 accepts up to 100,000 parameters per statement; the lists bound here stay far below
     * that, and a smaller figure keeps the statements H2 has to parse and cache small.
     */
    @Override
    public String integrityCheckUnavailable() {
        return "H2 has no integrity check statement; its MVStore checks each page's checksum as it reads it,"
                + " and org.h2.tools.Recover reads a damaged file (run it on a copy)";
    }

    @Override
    public int maxBindParameters() {
        return 10_000;
    }

    /**
     * Lock timeouts, deadlocks and concurrent-update conflicts rolled back the statement and
     * left nothing applied: retryable. So is a duplicate key on the counter tables
     * ({@code namespaces}, {@code conversations}), whose only insert is the idempotent one above:
     * another transaction created the row first, and a retry finds it. Every other duplicate key
     * is permanent.
     */
    @Override
    public Optional<FailureKind> classify(SQLException e) {
        switch (e.getErrorCode()) {
            case LOCK_TIMEOUT, DEADLOCK, CONCURRENT_UPDATE:
                return Optional.of(FailureKind.RETRYABLE);
            case DUPLICATE_KEY:
                String message = e.getMessage();
                return message != null && (message.contains(".NAMESPACES(") || message.contains(".CONVERSATIONS("))
                        ? Optional.of(FailureKind.RETRYABLE) : Optional.empty();
            default:
                return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return "H2Dialect";
    }
}
