package dev.agentmemory.internal;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Thread-safe: share one instance. Counts calls in flight and closes once: after
 * {@link #shut()} no call enters, and close waits (bounded) for those inside.
 */
final class CallGate {
    private final AtomicBoolean closed = new AtomicBoolean();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition drained = lock.newCondition();
    private int inFlight;

    /** Enters a call; false if the gate is closed (the caller then throws). */
    boolean enter() {
        lock.lock();
        try {
            if (closed.get()) {
                return false;
            }
            inFlight++;
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Leaves a call entered with {@link #enter()}. */
    void exit() {
        lock.lock();
        try {
            if (--inFlight == 0) {
                drained.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** True once closed. */
    boolean isClosed() {
        return closed.get();
    }

    /**
     * Closes the gate: from now on no call enters.
     *
     * @return false if this gate was already closed (someone else does the closing), true if
     *     this call closed it
     */
    boolean shut() {
        return closed.compareAndSet(false, true);
    }

    /** Waits until {@code deadline} (a {@link System#nanoTime()} value) for the calls in flight to leave. */
    void awaitDrained(long deadline) {
        boolean interrupted = false;
        lock.lock();
        try {
            while (inFlight > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                try {
                    drained.await(left, TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            lock.unlock();
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Calls still in flight (for close's log and for stats). */
    int inFlight() {
        lock.lock();
        try {
            return inFlight;
        } finally {
            lock.unlock();
        }
    }
}
