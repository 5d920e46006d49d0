package com.voxell.lux;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * Keeps the core plain Java: no container in control or entity code; Hazelcast only in
 * cluster.grid, Infinispan and WildFly clustering only in cluster.infinispan, Payara's server API
 * only in operations.payara, WildFly's web server (Undertow) only in operations.wildfly; packages
 * import downhill only, with wire at the bottom.
 */
@AnalyzeClasses(packages = "com.voxell.lux", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static final ArchRule coreHasNoContainer =
      noClasses()
          .that()
          .resideInAnyPackage("..control..", "..entity..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "jakarta.ws.rs..",
              "jakarta.websocket..",
              "jakarta.enterprise..",
              "jakarta.inject..",
              "jakarta.servlet..",
              "jakarta.annotation..",
              "org.eclipse.microprofile..",
              "com.hazelcast..",
              "org.infinispan..",
              "org.wildfly..",
              "org.jgroups..");

  @ArchTest
  static final ArchRule onlyTheGridPackageKnowsHazelcast =
      noClasses()
          .that()
          .resideOutsideOfPackage("com.voxell.lux.cluster.grid")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("com.hazelcast..");

  /** Documents and the stream report through their own metrics interfaces, never to operations. */
  @ArchTest
  static final ArchRule nothingButOperationsKnowsTheMeters =
      noClasses()
          .that()
          .resideOutsideOfPackage("com.voxell.lux.operations..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("com.voxell.lux.operations..");

  @ArchTest
  static final ArchRule onlyTheInfinispanPackageKnowsInfinispanOrWildFlyClustering =
      noClasses()
          .that()
          .resideOutsideOfPackage("com.voxell.lux.cluster.infinispan")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("org.infinispan..", "org.wildfly.clustering..", "org.jgroups..");

  @ArchTest
  static final ArchRule onlyThePayaraPackageKnowsPayarasServerApi =
      noClasses()
          .that()
          .resideOutsideOfPackage("com.voxell.lux.operations.payara")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "org.glassfish.api..", "org.glassfish.internal..", "org.glassfish.embeddable..");

  @ArchTest
  static final ArchRule onlyTheWildFlyPackageKnowsUndertow =
      noClasses()
          .that()
          .resideOutsideOfPackage("com.voxell.lux.operations.wildfly")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("io.undertow..");

  @ArchTest
  static final ArchRule noBlockingWebSocketSends =
      noClasses().should().callMethod(jakarta.websocket.Session.class, "getBasicRemote");

  /** No two packages import each other, directly or round a circle. */
  @ArchTest
  static final ArchRule packagesImportDownhillOnly =
      slices().matching("com.voxell.lux.(*)..").should().beFreeOfCycles();

  /** The JSON and HTTP helpers every package uses: plain Java and JSON-P, nothing else of Lux. */
  @ArchTest
  static final ArchRule wireImportsNothingOfLux =
      classes()
          .that()
          .resideInAPackage("com.voxell.lux.wire..")
          .should()
          .onlyDependOnClassesThat()
          .resideInAnyPackage("com.voxell.lux.wire..", "java..", "jakarta.json..");
}
