package org.vmiucv.bench.scale;

import java.util.List;

/**
 * Memory of a system at one moment: the hosts' RSS (after a full GC in each) and heap in use, the Supervisor's RSS,
 * and the namespace in /dev/shm.
 *
 * @param hostsRssBytes      sum of VmRSS of the hosts.
 * @param hostsRssShmemBytes the part of it that is shared memory mapped from /dev/shm (RssShmem).
 * @param hostsHeapBytes     sum of the hosts' heap in use after a full GC.
 * @param cpRssBytes         VmRSS of the Supervisor.
 * @param shmFileBytes       sum of the namespace's file sizes.
 * @param shmDuBytes         {@code du -B1} of the namespace: tmpfs pages in use.
 * @param shmFiles           number of files in the namespace.
 */
record Footprint(long hostsRssBytes, long hostsRssShmemBytes, long hostsHeapBytes, long cpRssBytes,
    long shmFileBytes, long shmDuBytes, long shmFiles)
{
    /**
     * @param system the system.
     * @param hosts  the hosts to count.
     * @return the footprint now.
     * @throws Exception if a host does not answer.
     */
    static Footprint sample(final ScaleSystem system, final List<Child> hosts) throws Exception
    {
        long heap = 0;
        for (final Child h : hosts)
        {
            heap += Long.parseLong(h.call("GC", 60_000).trim());
        }
        long rss = 0;
        long shmem = 0;
        for (final Child h : hosts)
        {
            rss += h.rssBytes();
            shmem += h.statusKb("RssShmem:") * 1024;
        }
        return new Footprint(rss, shmem, heap, system.supervisor().rssBytes(), system.fileBytes(), system.duBytes(),
            system.fileCount());
    }
}
