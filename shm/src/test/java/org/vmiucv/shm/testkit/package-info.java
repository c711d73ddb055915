/**
 * Cross-process test fixtures: child JVMs that host collector machines and are driven over stdin/stdout.
 */
package org.vmiucv.shm.testkit;
