/**
 * The runtime shared by every ring-based transport: the Supervisor's conductor (the CP), the machine host that runs
 * a process's machines on one agent thread, the client facade, and the namespace that holds the files. The embedded
 * system runs them all in one JVM over heap buffers; the shm module runs them across processes over mapped files.
 */
package org.vmiucv.engine.system;
