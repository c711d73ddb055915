/**
 * Test utilities shipped in the engine's test-jar: a handler that records what a machine sees, and the
 * conformance suite that every transport runs.
 */
package org.vmiucv.engine.testkit;
