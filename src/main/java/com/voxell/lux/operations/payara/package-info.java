/**
 * Payara Micro's own stopping order, set right for Lux: its HTTP listener closes before Lux is
 * undeployed. The only code that imports Payara's (GlassFish's) server API; loaded only where that
 * API is visible.
 */
package com.voxell.lux.operations.payara;
