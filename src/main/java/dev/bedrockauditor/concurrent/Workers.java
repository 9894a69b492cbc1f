package dev.bedrockauditor.concurrent;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The threads every phase of a run does its AWS calls on. Each call blocks its thread for one round trip
 * (the HTTP client is synchronous), so a phase that must not wait in waves needs as many threads as calls in
 * flight: threads are created as needed, reused while warm, named for thread dumps, daemon so a stuck call
 * never keeps the JVM alive, and given small stacks since hundreds may run at once. A {@link Gate} caps what
 * one phase may run at a time where a service's rate limit asks for it.
 */
public final class Workers implements Executor, AutoCloseable {

    /** Ample for the SDK's call stacks, half the usual default; only what a thread touches is committed. */
    private static final long STACK_BYTES = 512 * 1024;

    private final ExecutorService threads;

    public Workers(String name) {
        AtomicInteger count = new AtomicInteger();
        ThreadFactory factory = runnable -> {
            Thread thread = new Thread(null, runnable, name + "-" + count.incrementAndGet(), STACK_BYTES);
            thread.setDaemon(true);
            return thread;
        };
        this.threads = Executors.newCachedThreadPool(factory);
    }

    @Override
    public void execute(Runnable task) {
        threads.execute(task);
    }

    /**
     * Starts a task at once. It never completes exceptionally: a failure becomes what {@code failed} makes of
     * it, so every result is there to report.
     */
    public <T> CompletableFuture<T> start(Supplier<T> task, Function<Throwable, T> failed) {
        return CompletableFuture.supplyAsync(task, this).exceptionally(error -> failed.apply(cause(error)));
    }

    /** Waits for a result; an interruption becomes a failure too, and the thread stays interrupted. */
    public static <T> T join(CompletableFuture<T> result, Function<Throwable, T> failed) {
        try {
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed.apply(e);
        } catch (ExecutionException e) {
            return failed.apply(cause(e));
        }
    }

    /**
     * Waits for a result that may fail with an error meant for the user (a configuration error, typically), and
     * throws that error itself rather than the wrapper futures put around it.
     */
    public static <T> T resultOrItsError(CompletableFuture<T> result) {
        try {
            return result.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** Waits for every future. */
    public static void joinAll(List<? extends CompletableFuture<?>> futures) {
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();
    }

    /** A gate letting at most {@code limit} tasks of one kind run at a time; the others wait their turn. */
    public Gate gate(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("a gate needs a limit of at least 1");
        }
        return new Gate(new Semaphore(limit));
    }

    /** Admits at most its limit of tasks at once; tasks behind it must not wait for one another. */
    public final class Gate {
        private final Semaphore permits;

        private Gate(Semaphore permits) {
            this.permits = permits;
        }

        public <T> CompletableFuture<T> start(Supplier<T> task, Function<Throwable, T> failed) {
            return Workers.this.start(() -> {
                try {
                    permits.acquire();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new CompletionException(e);
                }
                try {
                    return task.get();
                } finally {
                    permits.release();
                }
            }, failed);
        }
    }

    /** The failure itself, not the wrappers futures add around it. */
    public static Throwable cause(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    /** Interrupts what still runs; a task left over from an abandoned run ends with the run. */
    @Override
    public void close() {
        threads.shutdownNow();
    }
}
