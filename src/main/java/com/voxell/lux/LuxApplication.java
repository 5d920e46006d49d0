package com.voxell.lux;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The JAX-RS application: every HTTP call of Lux lives under {@code /api}. */
@ApplicationPath("api")
public class LuxApplication extends Application {}
