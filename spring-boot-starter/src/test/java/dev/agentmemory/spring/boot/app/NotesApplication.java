package dev.agentmemory.spring.boot.app;

import dev.agentmemory.Embedder;
import dev.agentmemory.tck.support.WordHashEmbedder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.ai.chat.memory.ChatMemoryRepository;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.document.Document;
import org.springframework.ai.vectorstore.SearchRequest;
import org.springframework.ai.vectorstore.VectorStore;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A small Spring Boot application as a user would write it: it only declares an embedder and
 * uses the VectorStore and ChatMemoryRepository the starter configures.
 */
@SpringBootApplication
public class NotesApplication {

    /** A deterministic embedder: no model to load in tests. */
    @Bean
    Embedder embedder() {
        return new WordHashEmbedder(64);
    }

    /** Thread-safe: Spring MVC calls it from many request threads. */
    @RestController
    static class NotesController {
        private final VectorStore notes;
        private final ChatMemoryRepository chats;

        NotesController(VectorStore notes, ChatMemoryRepository chats) {
            this.notes = notes;
            this.chats = chats;
        }

        /** A note to store. */
        record Note(String id, String text, String topic) {}

        /** A search hit. */
        record Hit(String id, String text, double score) {}

        @PostMapping("/notes")
        Map<String, String> add(@RequestBody Note note) {
            notes.add(List.of(Document.builder().id(note.id()).text(note.text())
                    .metadata(Map.of("topic", note.topic())).build()));
            return Map.of("id", note.id());
        }

        @GetMapping("/search")
        List<Hit> search(@RequestParam("q") String q, @RequestParam("topic") String topic) {
            List<Hit> hits = new ArrayList<>();
            for (Document d : notes.similaritySearch(SearchRequest.builder().query(q).topK(50)
                    .similarityThresholdAll().filterExpression("topic == '" + topic + "'").build())) {
                hits.add(new Hit(d.getId(), d.getText(), d.getScore()));
            }
            return hits;
        }

        @PostMapping("/chat/{conversation}")
        List<String> chat(@PathVariable("conversation") String conversation, @RequestBody String text) {
            List<Message> history = new ArrayList<>(chats.findByConversationId(conversation));
            history.add(new UserMessage(text));
            history.add(new AssistantMessage("noted: " + text));
            chats.saveAll(conversation, history);
            return history.stream().map(Message::getText).toList();
        }
    }
}
