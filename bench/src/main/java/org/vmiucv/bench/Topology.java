package org.vmiucv.bench;

/**
 * Where the sender and the receiver machine run.
 */
public enum Topology
{
    /**
     * Both machines on one host agent thread: the figure is the CPU cost of send plus receive plus dispatch,
     * without any core-to-core traffic.
     */
    ONE_HOST,

    /**
     * Sender and receiver on two host agent threads, as if in two processes: adds the cache-line transfers of the
     * inbox and of the path counters between cores (and, on 2 vCPUs, competition with the CP's agent).
     */
    TWO_HOSTS
}
