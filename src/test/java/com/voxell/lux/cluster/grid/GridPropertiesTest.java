package com.voxell.lux.cluster.grid;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.spi.properties.ClusterProperty;
import com.hazelcast.spi.properties.HazelcastProperty;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Hazelcast ignores a property it does not know, silently: a misspelt name in {@code
 * server-config/grid.properties} would leave a documented guarantee (writes refused when a backup
 * did not confirm them, failure detection in seconds) switched off without a word.
 */
class GridPropertiesTest {

  /**
   * Settings Hazelcast reads as plain JVM system properties rather than as a {@link
   * ClusterProperty}, each with the class that reads it: the name must still be in that class, so a
   * Hazelcast that no longer reads it fails here.
   */
  private static final Map<String, String> READ_AS_SYSTEM_PROPERTIES =
      Map.of(
          "hazelcast.io.selectionKeyWakeupEnabled",
          "/com/hazelcast/internal/networking/nio/NioNetworking$Context.class");

  @Test
  void everySettingIsOneHazelcastKnows() throws Exception {
    Set<String> known =
        Arrays.stream(ClusterProperty.class.getFields())
            .filter(f -> Modifier.isStatic(f.getModifiers()))
            .filter(f -> f.getType() == HazelcastProperty.class)
            .map(GridPropertiesTest::name)
            .collect(Collectors.toSet());
    Properties grid = new Properties();
    try (Reader in = Files.newBufferedReader(Path.of("server-config/grid.properties"))) {
      grid.load(in);
    }

    assertThat(grid.stringPropertyNames())
        .isNotEmpty()
        .allSatisfy(k -> assertThat(known.contains(k) || readAsSystemProperty(k)).as(k).isTrue());
  }

  private static boolean readAsSystemProperty(String name) {
    String reader = READ_AS_SYSTEM_PROPERTIES.get(name);
    if (reader == null) {
      return false;
    }
    try (InputStream in = ClusterProperty.class.getResourceAsStream(reader)) {
      assertThat(in).as(reader + " in Hazelcast").isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1).contains(name);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String name(Field field) {
    try {
      return ((HazelcastProperty) field.get(null)).getName();
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }
}
