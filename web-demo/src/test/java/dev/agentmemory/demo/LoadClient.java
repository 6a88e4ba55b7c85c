package dev.agentmemory.demo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Confined to its main thread (its workers share only thread-safe counters). A load client run
 * as its own process: N requests over C concurrent connections on loopback, a mix of puts (2 in
 * 4), searches and gets, bounded by a deadline. It prints its figures on one line starting
 * {@code LOAD} and writes every acknowledged note as {@code id<TAB>text} to a file.
 *
 * <p>{@code LoadClient <baseUrl> <apiKey> <requests> <concurrency> <namespace> <notesFile> <maxSeconds>}
 */
public final class LoadClient {
    private LoadClient() {}

    public static void main(String[] args) throws Exception {
        String base = args[0];
        String key = args[1];
        int requests = Integer.parseInt(args[2]);
        int concurrency = Integer.parseInt(args[3]);
        String namespace = args[4];
        Path notesFile = Path.of(args[5]);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Long.parseLong(args[6]));

        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .executor(Executors.newFixedThreadPool(4)).build();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        AtomicLong done = new AtomicLong();
        long[] latencies = new long[requests];
        Map<String, String> stored = new ConcurrentHashMap<>();
        List<String> storedIds = java.util.Collections.synchronizedList(new ArrayList<>());
        ConcurrentLinkedQueue<String> firstErrors = new ConcurrentLinkedQueue<>();
        String run = Long.toString(System.currentTimeMillis(), 36);

        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        CountDownLatch start = new CountDownLatch(1);
        long begin = System.nanoTime();
        for (int w = 0; w < concurrency; w++) {
            pool.execute(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int i; (i = next.getAndIncrement()) < requests; ) {
                    if (System.nanoTime() > deadline) {
                        errors.incrementAndGet();
                        record(firstErrors, "#" + i + " not sent: the deadline passed");
                        continue;
                    }
                    long t0 = System.nanoTime();
                    try {
                        HttpRequest request;
                        int kind = i % 4;
                        String text = "load note " + i + " of run " + run + " about topic " + (i % 37);
                        if (kind == 1 && !storedIds.isEmpty()) {
                            String id = storedIds.get(Math.floorMod(i * 31, storedIds.size()));
                            request = HttpRequest.newBuilder(URI.create(base + "/api/namespaces/" + namespace + "/notes/" + id))
                                    .header("X-Api-Key", key).GET().build();
                        } else if (kind == 3) {
                            request = post(base + "/api/search", key, "{\"query\":\"topic " + (i % 37)
                                    + "\",\"namespaces\":[\"" + namespace + "\",\"other\"],\"topK\":5}");
                        } else {
                            request = post(base + "/api/namespaces/" + namespace + "/notes", key,
                                    "{\"text\":\"" + text + "\",\"metadata\":{\"i\":" + i + "}}");
                        }
                        HttpResponse<String> reply = http.send(request, HttpResponse.BodyHandlers.ofString());
                        latencies[i] = System.nanoTime() - t0;
                        if (reply.statusCode() >= 300) {
                            errors.incrementAndGet();
                            record(firstErrors, "#" + i + " " + request.method() + " " + request.uri().getPath()
                                    + " -> " + reply.statusCode() + " " + reply.body());
                        } else if (request.method().equals("POST") && request.uri().getPath().endsWith("/notes")) {
                            String id = JsonBody.MAPPER.readTree(reply.body()).path("id").asText();
                            stored.put(id, text);
                            storedIds.add(id);
                        }
                    } catch (IOException | RuntimeException e) {
                        latencies[i] = System.nanoTime() - t0;
                        errors.incrementAndGet();
                        record(firstErrors, "#" + i + " " + e);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    done.incrementAndGet();
                }
            });
        }
        start.countDown();
        pool.shutdown();
        boolean finished = pool.awaitTermination(TimeUnit.NANOSECONDS.toSeconds(deadline - System.nanoTime()) + 30,
                TimeUnit.SECONDS);
        double seconds = (System.nanoTime() - begin) / 1e9;

        long[] sorted = Arrays.stream(latencies).filter(l -> l > 0).sorted().toArray();
        StringBuilder lines = new StringBuilder();
        stored.forEach((id, text) -> lines.append(id).append('\t').append(text).append('\n'));
        Files.writeString(notesFile, lines, StandardCharsets.UTF_8);
        firstErrors.forEach(e -> System.out.println("ERROR " + e));
        System.out.printf(java.util.Locale.ROOT,
                "LOAD requests=%d completed=%d concurrency=%d errors=%d seconds=%.2f throughput=%.0f p50=%.1f p99=%.1f max=%.1f notes=%d finished=%b%n",
                requests, done.get(), concurrency, errors.get(), seconds, done.get() / seconds,
                percentile(sorted, 50), percentile(sorted, 99), sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6,
                stored.size(), finished);
        System.exit(finished && errors.get() == 0 ? 0 : 1);
    }

    private static HttpRequest post(String url, String key, String json) {
        return HttpRequest.newBuilder(URI.create(url)).header("X-Api-Key", key)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build();
    }

    private static void record(ConcurrentLinkedQueue<String> errors, String error) {
        if (errors.size() < 10) {
            errors.add(error);
        }
    }

    /** In milliseconds. */
    private static double percentile(long[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }
}
