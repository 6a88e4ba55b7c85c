package dev.agentmemory.bench.recall;

import dev.agentmemory.bench.recall.FactTemplates.Fact;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Immutable and thread-safe: a labelled conversational retrieval set: multi-session conversations
 * between a user and an assistant, one memory per turn, and questions the user asks after the
 * last session, each with the turns that hold its answer (its evidence).
 *
 * <p>The committed set ({@value #RESOURCE}) is constructed, not collected: {@link #generate}
 * fills the hand-written {@link FactTemplates} with seeded choices. It has the shape of public
 * long-conversation memory benchmarks (sessions weeks apart, facts stated once among small talk,
 * facts that change later, hard negatives on the same topic about someone else), but it is our
 * own text and easier than real dialogue: each fact is one sentence, and a question shares a
 * topic, if seldom its words, with its evidence. Read its figures as comparisons between
 * configurations, not as a promise for real conversations.
 *
 * <p>The file is tab-separated, one record a line: {@code turn <conversation> <session> <day>
 * <id> <role> <text>} and {@code question <conversation> <id> <category> <evidence ids,
 * comma-separated> <text>}. Any set in that format can be benchmarked the same way.
 */
public record RecallSet(List<Turn> turns, List<Question> questions) {
    /** The committed set on the class path. */
    public static final String RESOURCE = "/recall/conversations-v1.tsv";

    private static final int SESSIONS = 8;
    private static final int DAYS_BETWEEN_SESSIONS = 20;
    private static final int USER_TURNS_PER_SESSION = 14;

    /**
     * One turn: a memory.
     *
     * @param day the day of its session, counted from the first
     */
    public record Turn(String conversation, int session, int day, String id, String role, String text) {}

    /**
     * One question, asked after the last session of its conversation.
     *
     * @param category {@code single} (a fact stated once) or {@code update} (a fact that changed:
     *     the evidence is the newer statement, the older one is a hard negative)
     */
    public record Question(String conversation, String id, String category, List<String> evidence, String text) {}

    /** The day the questions are asked on: a day after the last session. */
    public static int questionDay() {
        return (SESSIONS - 1) * DAYS_BETWEEN_SESSIONS + 1;
    }

    /** The turns of each conversation, in order; conversations in first-seen order. */
    public Map<String, List<Turn>> byConversation() {
        Map<String, List<Turn>> out = new LinkedHashMap<>();
        for (Turn t : turns) {
            out.computeIfAbsent(t.conversation(), k -> new ArrayList<>()).add(t);
        }
        return out;
    }

    /** The committed set. */
    public static RecallSet committed() {
        try (InputStream in = RecallSet.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the class path; build module bench");
            }
            return read(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a set in the tab-separated format above. */
    public static RecallSet read(BufferedReader in) throws IOException {
        List<Turn> turns = new ArrayList<>();
        List<Question> questions = new ArrayList<>();
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t", -1);
            if (f[0].equals("turn") && f.length == 7) {
                turns.add(new Turn(f[1], Integer.parseInt(f[2]), Integer.parseInt(f[3]), f[4], f[5], f[6]));
            } else if (f[0].equals("question") && f.length == 6) {
                questions.add(new Question(f[1], f[2], f[3], List.of(f[4].split(",")), f[5]));
            } else {
                throw new IOException("not a turn or question record: " + line);
            }
        }
        return new RecallSet(List.copyOf(turns), List.copyOf(questions));
    }

    /** Writes the set in the tab-separated format above. */
    public void write(Path file) throws IOException {
        StringBuilder b = new StringBuilder("# agent-memory constructed conversational recall set; see RecallSet\n");
        for (Turn t : turns) {
            b.append(String.join("\t", "turn", t.conversation(), String.valueOf(t.session()), String.valueOf(t.day()),
                    t.id(), t.role(), t.text())).append('\n');
        }
        for (Question q : questions) {
            b.append(String.join("\t", "question", q.conversation(), q.id(), q.category(),
                    String.join(",", q.evidence()), q.text())).append('\n');
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, b);
    }

    /**
     * Constructs a set: {@code conversations} conversations of {@value #SESSIONS} sessions; in
     * each, every fact of {@link FactTemplates#FACTS} is stated once (a changing fact twice, the
     * second time in a later session), a same-topic statement about someone else is made once, and
     * each fact is asked about in both of its question wordings.
     */
    public static RecallSet generate(long seed, int conversations) {
        Random r = new Random(seed);
        List<Fact> facts = FactTemplates.FACTS;
        // One permutation of values per fact, so conversations hold different values.
        List<List<Integer>> order = new ArrayList<>();
        for (Fact f : facts) {
            List<Integer> idx = new ArrayList<>();
            for (int i = 0; i < f.values().size(); i++) {
                idx.add(i);
            }
            Collections.shuffle(idx, r);
            order.add(idx);
        }
        List<Turn> turns = new ArrayList<>();
        List<Question> questions = new ArrayList<>();
        for (int c = 0; c < conversations; c++) {
            String conv = "conv" + c;
            List<List<String[]>> sessions = new ArrayList<>(); // per session: {kind, text, factIndex}
            for (int s = 0; s < SESSIONS; s++) {
                sessions.add(new ArrayList<>());
            }
            for (int k = 0; k < facts.size(); k++) {
                Fact f = facts.get(k);
                List<Integer> idx = order.get(k);
                int n = f.values().size();
                String value = f.values().get(idx.get(c % n));
                String other = f.values().get(idx.get((c + 1) % n));
                String newer = f.values().get(idx.get((c + 2) % n));
                boolean changes = !f.updates().isEmpty();
                int first = changes ? r.nextInt(SESSIONS / 2) : r.nextInt(SESSIONS);
                sessions.get(first).add(new String[] {"fact", fill(pick(r, f.statements()), value), String.valueOf(k)});
                if (changes) {
                    int later = SESSIONS / 2 + 1 + r.nextInt(SESSIONS / 2 - 1);
                    sessions.get(later).add(new String[] {"update", fill(pick(r, f.updates()), newer),
                            String.valueOf(k)});
                }
                sessions.get(r.nextInt(SESSIONS)).add(new String[] {"other",
                        fill(pick(r, f.aboutSomeoneElse()), other), String.valueOf(k)});
            }
            Map<Integer, String> evidence = new LinkedHashMap<>();
            int turnNo = 0;
            for (int s = 0; s < SESSIONS; s++) {
                List<String[]> said = sessions.get(s);
                while (said.size() < USER_TURNS_PER_SESSION) {
                    said.add(new String[] {"filler", pick(r, FactTemplates.USER_FILLER), "-1"});
                }
                Collections.shuffle(said, r);
                int day = s * DAYS_BETWEEN_SESSIONS;
                for (String[] u : said) {
                    String id = conv + "-s" + s + "-t" + turnNo++;
                    turns.add(new Turn(conv, s, day, id, "user", u[1]));
                    int k = Integer.parseInt(u[2]);
                    // The newer statement of a changing fact replaces the older one as its evidence.
                    if (u[0].equals("update") || (u[0].equals("fact") && !evidence.containsKey(k))) {
                        evidence.put(k, id);
                    }
                    turns.add(new Turn(conv, s, day, conv + "-s" + s + "-t" + turnNo++, "assistant",
                            pick(r, FactTemplates.ASSISTANT_FILLER)));
                }
            }
            for (int k = 0; k < facts.size(); k++) {
                Fact f = facts.get(k);
                for (int w = 0; w < f.questions().size(); w++) {
                    questions.add(new Question(conv, conv + "-q" + k + "-" + w, f.updates().isEmpty() ? "single"
                            : "update", List.of(evidence.get(k)), f.questions().get(w)));
                }
            }
        }
        return new RecallSet(List.copyOf(turns), List.copyOf(questions));
    }

    private static String pick(Random r, List<String> options) {
        return options.get(r.nextInt(options.size()));
    }

    private static String fill(String template, String value) {
        String s = template.replace("{v}", value);
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** Writes the committed set: {@code RecallSet <file>} (the build's copy is {@value #RESOURCE}). */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: RecallSet <output.tsv>  (writes the constructed set, seed 14, 12 conversations)");
            System.exit(2);
        }
        RecallSet set = generate(14, 12);
        set.write(Path.of(args[0]));
        System.out.println("wrote " + set.turns().size() + " turns and " + set.questions().size() + " questions to "
                + args[0] + " " + Arrays.toString(new int[] {set.byConversation().size()}));
    }
}
