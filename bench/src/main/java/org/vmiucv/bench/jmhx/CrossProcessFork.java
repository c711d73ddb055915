package org.vmiucv.bench.jmhx;

import org.openjdk.jmh.annotations.Fork;

/**
 * The fork every cross-process benchmark runs in, declared once (JMH finds {@code @Fork} on a superclass): one
 * fork with the flags our code and its peers need, Agrona's {@code jdk.internal.misc} and the Chronicle flags
 * (the Supervisor's journal and the Chronicle peer), no bounds checks, the serial collector.
 */
@Fork(value = 1, jvmArgsAppend = {
    "--add-opens", "java.base/jdk.internal.misc=ALL-UNNAMED",
    "--add-opens", "java.base/java.io=ALL-UNNAMED",
    "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED",
    "--add-exports", "java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-exports", "jdk.unsupported/sun.misc=ALL-UNNAMED",
    "--add-opens", "java.base/java.lang=ALL-UNNAMED",
    "--add-opens", "java.base/java.lang.reflect=ALL-UNNAMED",
    "--add-opens", "java.base/java.util=ALL-UNNAMED",
    "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
    "-Dchronicle.analytics.disable=true",
    "-Dslf4j.internal.verbosity=ERROR",
    "-Dagrona.disable.bounds.checks=true",
    "-XX:+UseSerialGC",
    "-Xmx1g"})
public abstract class CrossProcessFork
{
}
