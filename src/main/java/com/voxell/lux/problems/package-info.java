/**
 * Errors as RFC 9457 problem details: control code throws a {@link
 * com.voxell.lux.problems.entity.Problem}, and one boundary turns it, and every container error,
 * into {@code application/problem+json}.
 */
package com.voxell.lux.problems;
