/**
 * Placeholder for the shm module; filled by its issue.
 */
package org.vmiucv.shm;
