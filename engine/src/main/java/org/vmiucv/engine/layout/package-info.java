/**
 * Layouts of everything that crosses a machine boundary: the file header, the frame header shared by the shm and
 * XFL transports, the control payload, and the Supervisor's tables. Each has a {@code *Descriptor} with its diagram
 * and a flyweight for access. All multi-byte fields are little-endian.
 */
package org.vmiucv.engine.layout;
