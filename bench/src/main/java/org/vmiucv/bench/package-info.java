/**
 * Placeholder for the bench module; filled by its issue.
 */
package org.vmiucv.bench;
