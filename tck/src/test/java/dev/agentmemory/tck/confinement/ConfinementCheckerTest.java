package dev.agentmemory.tck.confinement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/** Runs the checker over a real SQLite database file; no mocks. */
class ConfinementCheckerTest {
    private static final String OTHER_THREAD = "confinement-other";

    @TempDir
    Path dir;

    private ConfinementChecker checker;
    private DataSource dataSource;
    private ExecutorService other;

    @BeforeEach
    void setUp() throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(10_000);
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        SQLiteDataSource sqlite = new SQLiteDataSource(config);
        sqlite.setUrl("jdbc:sqlite:" + dir.resolve("checker.db"));
        try (Connection c = sqlite.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE note (id INTEGER PRIMARY KEY, text TEXT NOT NULL)");
            s.execute("INSERT INTO note (id, text) VALUES (1, 'one'), (2, 'two'), (3, 'three')");
        }
        checker = new ConfinementChecker();
        dataSource = checker.decorator().apply(sqlite);
        other = Executors.newSingleThreadExecutor(r -> new Thread(r, OTHER_THREAD));
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        other.shutdown();
        assertThat(other.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void use_on_one_thread_is_clean_and_counted() throws SQLException {
        for (int i = 0; i < 3; i++) {
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(false);
                try (PreparedStatement ps = c.prepareStatement("SELECT text FROM note WHERE id = ?")) {
                    ps.setInt(1, 2);
                    try (ResultSet rs = ps.executeQuery()) {
                        assertThat(rs.next()).isTrue();
                        assertThat(rs.getString(1)).isEqualTo("two");
                        assertThat(rs.getStatement()).isInstanceOf(Statement.class);
                    }
                    assertThat(ps.getConnection()).isSameAs(c);
                }
                DatabaseMetaData meta = c.getMetaData();
                assertThat(meta.getConnection()).isSameAs(c);
                try (ResultSet tables = meta.getTables(null, null, "note", null)) {
                    assertThat(tables.next()).isTrue();
                }
                c.commit();
                assertThat(c.getAutoCommit()).isFalse();
                assertThat(c.isWrapperFor(Connection.class)).isTrue();
                assertThat(c.unwrap(Connection.class)).isSameAs(c);
                assertThat(c.isWrapperFor(org.sqlite.SQLiteConnection.class)).isTrue();
                assertThat(outstandingNow()).isEqualTo(1);
            }
        }

        assertThat(checker.borrows()).isEqualTo(3);
        assertThat(checker.outstanding()).isZero();
        assertThat(checker.violations()).isEmpty();
        assertThatCode(checker::assertClean).doesNotThrowAnyException();
    }

    @Test
    void a_connection_used_from_another_thread_is_refused_and_recorded() throws Exception {
        try (Connection c = dataSource.getConnection()) {
            Throwable thrown = failureOnOtherThread(() -> c.prepareStatement("SELECT 1"));

            assertThat(thrown)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("Connection.prepareStatement(String)")
                    .hasMessageContaining(currentThreadName())
                    .hasMessageContaining(OTHER_THREAD);
            assertThat(checker.violations()).singleElement().asString()
                    .contains("connection #1", "Connection.prepareStatement(String)", currentThreadName(), OTHER_THREAD);
        }
        assertThat(checker.outstanding()).isZero();
        assertThatThrownBy(checker::assertClean)
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("1 violation(s), 0 connection(s) not returned")
                .hasMessageContaining("Connection.prepareStatement(String)")
                .hasMessageContaining(getClass().getName());
    }

    @Test
    void a_statement_or_result_set_made_on_one_thread_is_refused_on_another() throws Exception {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT id FROM note ORDER BY id");
                ResultSet rs = ps.executeQuery()) {
            assertThat(rs.next()).isTrue();

            Throwable onStatement = failureOnOtherThread(() -> ps.setFetchSize(10));
            Throwable onResultSet = failureOnOtherThread(rs::next);

            assertThat(onStatement).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("PreparedStatement.setFetchSize(int)");
            assertThat(onResultSet).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("ResultSet.next()");
            // the refused next() never reached the driver: the cursor is still on the first row
            assertThat(rs.getInt(1)).isEqualTo(1);
        }
        assertThat(checker.violations()).hasSize(2).allSatisfy(v -> assertThat(v).contains(OTHER_THREAD));
    }

    @Test
    void use_after_return_is_refused_but_close_stays_idempotent() throws Exception {
        Connection c = dataSource.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT id FROM note");
        c.close();

        assertThatThrownBy(() -> c.createStatement())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Connection.createStatement()")
                .hasMessageContaining("after the connection was returned");
        assertThatThrownBy(rs::next)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ResultSet.next()");
        assertThatCode(() -> {
            c.close();
            rs.close();
            s.close();
        }).doesNotThrowAnyException();
        assertThat(c.isClosed()).isTrue();
        assertThat(checker.violations()).hasSize(2)
                .allSatisfy(v -> assertThat(v).contains("after the connection was returned by thread " + currentThreadName()));
        assertThat(checker.outstanding()).isZero();
    }

    @Test
    void a_connection_never_returned_fails_assert_clean_naming_the_borrower() throws Exception {
        Future<Connection> leaked = other.submit(() -> {
            Connection c = dataSource.getConnection();
            try (Statement s = c.createStatement()) {
                s.execute("SELECT 1");
            }
            return c;
        });
        Connection c = leaked.get(10, TimeUnit.SECONDS);

        assertThat(checker.outstanding()).isEqualTo(1);
        assertThatThrownBy(checker::assertClean)
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("0 violation(s), 1 connection(s) not returned")
                .hasMessageContaining("connection #1 borrowed by thread \"" + OTHER_THREAD + "\"")
                .hasMessageContaining(getClass().getName() + ".lambda$");
        other.submit(() -> {
            c.close();
            return null;
        }).get(10, TimeUnit.SECONDS);
        assertThatCode(checker::assertClean).doesNotThrowAnyException();
    }

    @Test
    void thirty_two_threads_borrowing_at_once_each_correctly_are_clean() throws Exception {
        int threads = 32;
        int rounds = 25;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        AtomicReference<Throwable> firstFailure = new AtomicReference<>();
        List<Future<?>> done = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    try {
                        start.await();
                        for (int r = 0; r < rounds; r++) {
                            readCount();
                        }
                    } catch (Throwable e) {
                        firstFailure.compareAndSet(null, e);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        if (firstFailure.get() != null) {
            throw new AssertionError("a worker failed", firstFailure.get());
        }
        assertThat(checker.borrows()).isEqualTo((long) threads * rounds);
        assertThatCode(checker::assertClean).doesNotThrowAnyException();
    }

    @Test
    void jdbi_over_a_hikari_pool_is_clean_and_a_handle_leaked_to_another_thread_is_caught() throws Exception {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:sqlite:" + dir.resolve("checker.db"));
        config.setMaximumPoolSize(4);
        try (HikariDataSource pool = new HikariDataSource(config)) {
            Jdbi jdbi = Jdbi.create(checker.decorator().apply(pool));

            String text = jdbi.inTransaction(h -> h.createQuery("SELECT text FROM note WHERE id = :id")
                    .bind("id", 3).mapTo(String.class).one());
            jdbi.useHandle(h -> h.execute("UPDATE note SET text = ? WHERE id = ?", "drei", 3));
            assertThat(text).isEqualTo("three");
            assertThatCode(checker::assertClean).doesNotThrowAnyException();

            try (Handle handle = jdbi.open()) {
                Throwable thrown = failureOnOtherThread(
                        () -> handle.createQuery("SELECT count(*) FROM note").mapTo(Integer.class).one());
                assertThat(thrown).hasStackTraceContaining("IllegalStateException")
                        .hasStackTraceContaining(OTHER_THREAD);
            }
        }
        assertThat(checker.violations()).isNotEmpty()
                .allSatisfy(v -> assertThat(v).contains(OTHER_THREAD, "borrowed by thread " + currentThreadName()));
        assertThat(checker.outstanding()).isZero();
    }

    private int readCount() throws SQLException {
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM note")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private int outstandingNow() {
        return checker.outstanding();
    }

    private Throwable failureOnOtherThread(ThrowingRunnable action) throws Exception {
        return other.submit(() -> {
            try {
                action.run();
                return null;
            } catch (Throwable e) {
                return e;
            }
        }).get(10, TimeUnit.SECONDS);
    }

    private static String currentThreadName() {
        return "\"" + Thread.currentThread().getName() + "\"";
    }

    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws Exception;
    }
}
