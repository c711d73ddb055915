/**
 * Placeholder for the examples module; filled by its issue.
 */
package org.vmiucv.examples;
