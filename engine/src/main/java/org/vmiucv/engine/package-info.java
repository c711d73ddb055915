/**
 * The machine model: machines, SMSG and IUCV paths.
 */
package org.vmiucv.engine;
