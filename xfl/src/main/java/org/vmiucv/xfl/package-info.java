/**
 * Placeholder for the xfl module; filled by its issue.
 */
package org.vmiucv.xfl;
