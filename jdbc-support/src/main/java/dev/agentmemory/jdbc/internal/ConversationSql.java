package dev.agentmemory.jdbc.internal;

import dev.agentmemory.MemoryId;
import dev.agentmemory.Message;
import dev.agentmemory.jdbc.SqlDialect;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Immutable and thread-safe: the statements on {@code conversations} and
 * {@code conversation_messages}. An append advances the conversation's counter under its row
 * lock, so appends get consecutive numbers in commit order. Every statement is keyed by tenant.
 */
final class ConversationSql {
    private static final String COLUMNS = "seq, message_id, role, content, created_at";

    private final CounterSql counter;
    private final SqlDialect dialect;
    private final String sessionsSql;

    ConversationSql(SqlDialect dialect) {
        this.counter = new CounterSql(dialect, "conversations", "session_id");
        this.dialect = dialect;
        this.sessionsSql = NamespaceSql.namesAfter(dialect, "conversations", "session_id");
    }

    long advance(Handle h, String tenant, String session, int count, long nowMicros) {
        long seq = 0;
        for (int attempt = 0; seq == 0 && attempt < 3; attempt++) {
            // The row can vanish between the insert and the update when an erasure that held its
            // lock commits in between: create it again.
            counter.ensure(h, tenant, session, nowMicros);
            seq = counter.advance(h, tenant, session, count);
        }
        return seq;
    }

    /** Up to {@code limit} session ids of the tenant after {@code after} (null: from the start), in order. */
    List<String> sessions(Handle h, String tenant, String after, int limit) {
        return h.createQuery(sessionsSql).bind(0, tenant).bind(1, after == null ? "" : after).bind(2, limit)
                .mapTo(String.class).list();
    }

    /** Up to {@code limit} messages numbered above {@code afterSeq}, oldest first. */
    List<Message> after(Handle h, String tenant, String session, long afterSeq, int limit) {
        return h.createQuery("SELECT " + COLUMNS + " FROM conversation_messages WHERE tenant = ? AND session_id = ?"
                        + " AND seq > ? ORDER BY seq LIMIT ?")
                .bind(0, tenant).bind(1, session).bind(2, afterSeq).bind(3, limit).map(this::message).list();
    }

    void insert(Handle h, String tenant, String session, List<Message> messages) {
        if (messages.isEmpty()) {
            return;
        }
        PreparedBatch batch = h.prepareBatch("INSERT INTO conversation_messages (tenant, session_id, " + COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?)");
        for (Message m : messages) {
            batch.bind(0, tenant).bind(1, session).bind(2, m.seq()).bind(3, m.id().toString()).bind(4, m.role())
                    .bind(5, dialect.encodeText(m.text())).bind(6, Micros.of(m.createdAt())).add();
        }
        batch.execute();
    }

    Optional<Message> find(Handle h, String tenant, String session, MemoryId id) {
        return h.createQuery("SELECT " + COLUMNS + " FROM conversation_messages WHERE tenant = ? AND session_id = ?"
                        + " AND message_id = ?")
                .bind(0, tenant).bind(1, session).bind(2, id.toString()).map(this::message).findOne();
    }

    List<Message> last(Handle h, String tenant, String session, int n) {
        List<Message> newestFirst = h.createQuery("SELECT " + COLUMNS + " FROM conversation_messages"
                        + " WHERE tenant = ? AND session_id = ? ORDER BY seq DESC LIMIT ?")
                .bind(0, tenant).bind(1, session).bind(2, n).map(this::message).list();
        List<Message> out = new ArrayList<>(newestFirst);
        Collections.reverse(out);
        return out;
    }

    long count(Handle h, String tenant, String session) {
        return h.createQuery("SELECT COUNT(*) FROM conversation_messages WHERE tenant = ? AND session_id = ?")
                .bind(0, tenant).bind(1, session).mapTo(Long.class).one();
    }

    long clear(Handle h, String tenant, String session) {
        // Reset under the counter's row lock first, so appends in flight order after the clear.
        if (!counter.reset(h, tenant, session)) {
            return 0;
        }
        return h.createUpdate("DELETE FROM conversation_messages WHERE tenant = ? AND session_id = ?")
                .bind(0, tenant).bind(1, session).execute();
    }

    private Message message(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Message(rs.getLong(1), MemoryId.parse(rs.getString(2).trim()), rs.getString(3),
                dialect.decodeText(rs.getString(4)), Micros.toInstant(rs.getLong(5)));
    }
}
