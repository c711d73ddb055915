/**
 * Placeholder for the cli module; filled by its issue.
 */
package org.vmiucv.cli;
