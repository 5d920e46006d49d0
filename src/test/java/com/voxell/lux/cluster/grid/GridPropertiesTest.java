package com.voxell.lux.cluster.grid;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.spi.properties.ClusterProperty;
import com.hazelcast.spi.properties.HazelcastProperty;
import java.io.Reader;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
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
        .allSatisfy(k -> assertThat(known).contains(k));
  }

  private static String name(Field field) {
    try {
      return ((HazelcastProperty) field.get(null)).getName();
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }
}
