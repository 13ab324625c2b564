package dev.nixboot.steps.local;

import org.apache.commons.exec.ProcessDestroyer;

/**
 * Learns the process Commons Exec starts, which it does not otherwise expose, so a timeout or a cancel can kill the
 * whole tree. A kill asked for before the process exists happens as soon as it does.
 */
final class StartedProcess implements ProcessDestroyer {
    private Process process;
    private boolean killRequested;

    @Override
    public boolean add(Process started) {
        boolean killNow;
        synchronized (this) {
            process = started;
            killNow = killRequested;
        }
        if (killNow) {
            ProcessTree.kill(started.toHandle());
        }
        return true;
    }

    @Override
    public boolean remove(Process ended) {
        return true;
    }

    @Override
    public synchronized int size() {
        return process == null ? 0 : 1;
    }

    synchronized boolean started() {
        return process != null;
    }

    void kill() {
        Process target;
        synchronized (this) {
            killRequested = true;
            target = process;
        }
        if (target != null) {
            ProcessTree.kill(target.toHandle());
        }
    }
}
