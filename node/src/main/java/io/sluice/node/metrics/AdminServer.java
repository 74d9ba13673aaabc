package io.sluice.node.metrics;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The node's admin HTTP endpoint: {@code GET /metrics} (Prometheus text format 0.0.4) and {@code GET /health}
 * (JSON {@link NodeHealth}, 200 when healthy, else 503). Other paths are 404, other methods on these paths 405.
 *
 * <p>Requests run on a small fixed pool, so a slow or hostile scraper cannot take more than those threads. Started
 * once; {@link #close()} lets requests in progress finish for at most {@link #STOP_GRACE_MILLIS}, then closes
 * every connection. Thread-safe.
 */
public final class AdminServer implements AutoCloseable {
    public static final String METRICS_PATH = "/metrics";
    public static final String HEALTH_PATH = "/health";
    public static final int THREADS = 2;
    public static final long STOP_GRACE_MILLIS = 1000;

    private static final Logger log = LoggerFactory.getLogger(AdminServer.class);
    private static final String JSON = "application/json; charset=utf-8";
    private static final String TEXT = "text/plain; charset=utf-8";

    private enum State { LATENT, STARTED, CLOSED }

    private final String bindHost;
    private final int requestedPort;
    private final PrometheusExport export;
    private final Supplier<NodeHealth> health;
    private final ObjectMapper json = new ObjectMapper();
    private final AtomicReference<State> state = new AtomicReference<>(State.LATENT);
    private final InFlight inFlight = new InFlight();
    private volatile HttpServer server;
    private volatile ExecutorService executor;

    /**
     * @param bindHost the address to listen on, e.g. {@code 0.0.0.0} or {@code 127.0.0.1}
     * @param port     the port, 0 for any free one (see {@link #port()})
     */
    public AdminServer(String bindHost, int port, PrometheusExport export, Supplier<NodeHealth> health) {
        if (bindHost == null || bindHost.isBlank()) {
            throw new IllegalArgumentException("admin bind host must not be empty");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("admin port " + port + " must be between 0 and 65535");
        }
        if (export == null || health == null) {
            throw new IllegalArgumentException("admin server needs a PrometheusExport and a NodeHealth supplier");
        }
        this.bindHost = bindHost;
        this.requestedPort = port;
        this.export = export;
        this.health = health;
    }

    /** Binds and starts serving. Fails if the address cannot be bound; can be called only once. */
    public synchronized void start() throws IOException {
        if (!state.compareAndSet(State.LATENT, State.STARTED)) {
            throw new IllegalStateException("admin server cannot be started more than once (state " + state.get()
                    + ")");
        }
        HttpServer s;
        try {
            s = HttpServer.create(new InetSocketAddress(bindHost, requestedPort), 0);
        } catch (IOException e) {
            state.set(State.CLOSED);
            throw new IOException("admin server cannot listen on " + bindHost + ":" + requestedPort + ": "
                    + e.getMessage() + "; choose another admin port or bind host", e);
        }
        ExecutorService pool = Executors.newFixedThreadPool(THREADS, new AdminThreads());
        s.setExecutor(pool);
        s.createContext("/", this::handle);
        executor = pool;
        server = s;
        s.start();
        log.info("admin server listening on {}", s.getAddress());
    }

    /** The bound address; with port 0 its port is the one chosen. */
    public InetSocketAddress address() {
        HttpServer s = server;
        if (s == null) {
            throw new IllegalStateException("admin server is not started");
        }
        return s.getAddress();
    }

    public int port() {
        return address().getPort();
    }

    @Override
    public synchronized void close() {
        if (state.getAndSet(State.CLOSED) != State.STARTED || server == null) {
            return;
        }
        // HttpServer.stop(n) on Java 17 always sleeps the whole n seconds, so the grace period is kept here
        boolean idle = inFlight.awaitIdle(STOP_GRACE_MILLIS);
        server.stop(0);
        if (!idle) {
            log.warn("admin server closed with requests still in progress after {} ms", STOP_GRACE_MILLIS);
        }
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(STOP_GRACE_MILLIS, TimeUnit.MILLISECONDS)) {
                log.warn("admin server threads still busy {} ms after close", STOP_GRACE_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        inFlight.enter();
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (!METRICS_PATH.equals(path) && !HEALTH_PATH.equals(path)) {
                send(exchange, 404, TEXT, ("no such path: " + path + "; try " + METRICS_PATH + " or " + HEALTH_PATH
                        + "\n").getBytes(StandardCharsets.UTF_8));
                return;
            }
            if (!"GET".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", "GET");
                send(exchange, 405, TEXT, (exchange.getRequestMethod() + " is not allowed on " + path + "; use GET\n")
                        .getBytes(StandardCharsets.UTF_8));
                return;
            }
            if (METRICS_PATH.equals(path)) {
                metrics(exchange);
            } else {
                health(exchange);
            }
        } catch (IOException e) {
            // the scraper went away mid-response; nothing to tell it
            log.debug("admin request {} failed: {}", exchange.getRequestURI(), e.toString());
        } finally {
            inFlight.exit();
        }
    }

    private void metrics(HttpExchange exchange) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream(16 * 1024);
        try {
            export.writeText(body);
        } catch (RuntimeException e) {
            log.warn("metrics scrape failed", e);
            send(exchange, 500, TEXT, ("metrics scrape failed: " + e + "\n").getBytes(StandardCharsets.UTF_8));
            return;
        }
        send(exchange, 200, PrometheusExport.CONTENT_TYPE, body.toByteArray());
    }

    private void health(HttpExchange exchange) throws IOException {
        int status;
        byte[] body;
        try {
            NodeHealth current = health.get();
            if (current == null) {
                throw new IllegalStateException("the node reported no health");
            }
            status = current.httpStatus();
            body = json.writeValueAsBytes(current);
        } catch (RuntimeException | IOException e) {
            log.warn("health check failed", e);
            send(exchange, 500, TEXT, ("health unavailable: " + e + "\n").getBytes(StandardCharsets.UTF_8));
            return;
        }
        send(exchange, status, JSON, body);
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** Counts requests being handled, so that close can let them finish. */
    private static final class InFlight {
        private int count;

        synchronized void enter() {
            count++;
        }

        synchronized void exit() {
            if (--count == 0) {
                notifyAll();
            }
        }

        /** True if no request is in progress, waiting for that at most {@code millis}. */
        synchronized boolean awaitIdle(long millis) {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
            try {
                while (count > 0) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return false;
                    }
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            return true;
        }
    }

    /** Daemon threads named after the admin server, so that they neither keep the JVM up nor hide in dumps. */
    private static final class AdminThreads implements ThreadFactory {
        private final AtomicInteger next = new AtomicInteger();

        @Override
        public Thread newThread(Runnable task) {
            Thread t = new Thread(task, "sluice-admin-" + next.incrementAndGet());
            t.setDaemon(true);
            return t;
        }
    }
}
