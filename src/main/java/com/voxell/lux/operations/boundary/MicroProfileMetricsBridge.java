package com.voxell.lux.operations.boundary;

import com.voxell.lux.operations.control.Meter;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.enterprise.util.AnnotationLiteral;
import java.util.List;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.annotation.RegistryType;

/**
 * Puts every series of Lux's meters into the MicroProfile Metrics application registry, as a gauge
 * read from the meter when scraped. Registering readings (rather than a second set of counters)
 * keeps one source of truth and the same {@code lux_} names as Lux's own Prometheus text; a
 * histogram appears as its {@code _bucket}, {@code _sum} and {@code _count} series. Loaded only
 * when {@link MetricsExport#microProfile()} found the API.
 */
final class MicroProfileMetricsBridge {

  private MicroProfileMetricsBridge() {}

  static void register(List<Meter> meters) {
    // Payara's @Default producer needs a real injection point; the APPLICATION type one does not.
    MetricRegistry registry =
        CDI.current().select(MetricRegistry.class, new ApplicationRegistry()).get();
    for (Meter meter : meters) {
      for (Meter.Sample first : meter.samples()) {
        Metadata metadata =
            Metadata.builder().withName(first.name()).withDescription(meter.help()).build();
        Tag[] tags =
            first.label() == null
                ? new Tag[0]
                : new Tag[] {new Tag(first.label(), first.labelValue())};
        registry.gauge(metadata, () -> current(meter, first), tags);
      }
    }
  }

  /** The sample's value now: the meter's series with the same name and label value. */
  private static Double current(Meter meter, Meter.Sample wanted) {
    for (Meter.Sample sample : meter.samples()) {
      if (sample.name().equals(wanted.name())
          && java.util.Objects.equals(sample.labelValue(), wanted.labelValue())) {
        return sample.value();
      }
    }
    return 0.0;
  }

  @SuppressWarnings("all") // RegistryType is deprecated in MicroProfile Metrics 5, still honoured
  private static final class ApplicationRegistry extends AnnotationLiteral<RegistryType>
      implements RegistryType {
    @Override
    public MetricRegistry.Type type() {
      return MetricRegistry.Type.APPLICATION;
    }
  }
}
